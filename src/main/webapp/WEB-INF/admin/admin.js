'use strict';
// The live queue page: polls the admin API every 2 s with the token the operator typed (kept for this tab only).
(function () {
    const STATES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED', 'DROPPED', 'STUCK'];
    const $ = (id) => document.getElementById(id);
    let token = sessionStorage.getItem('adminToken') || '';
    let timer = null;

    function api(path, options) {
        const init = Object.assign({ headers: { 'Authorization': 'Bearer ' + token } }, options || {});
        return fetch('/admin/api/' + path, init).then((response) =>
            response.json().then((body) => {
                if (!response.ok) { throw new Error(body.message || ('HTTP ' + response.status)); }
                return body;
            }));
    }

    function cell(row, text, className) {
        const td = row.insertCell();
        td.textContent = text === null || text === undefined ? '' : String(text);
        if (className) { td.className = className; }
        return td;
    }

    function showCounts(table, counts) {
        const body = table.tBodies[0];
        body.replaceChildren();
        const names = body.insertRow();
        const values = body.insertRow();
        STATES.forEach((state) => {
            cell(names, state, 'state-' + state);
            const value = cell(values, counts[state] || 0, 'n state-' + state);
            value.dataset.state = state;
        });
    }

    function showTasks(table, tasks, withReplay) {
        const body = table.tBodies[0];
        body.replaceChildren();
        if (tasks.items.length === 0) {
            const row = body.insertRow();
            const td = cell(row, 'None', 'empty');
            td.colSpan = 6;
            return;
        }
        tasks.items.forEach((task) => {
            const row = body.insertRow();
            row.dataset.taskId = task.id;
            row.dataset.messageId = task.messageId;
            cell(row, task.messageId);
            cell(row, task.companyId + ' / ' + task.pluginAlias + ' / ' + task.pluginId);
            cell(row, task.contact);
            cell(row, task.attempts + ' / ' + task.attemptLimit);
            cell(row, task.lastError, 'error');
            const last = row.insertCell();
            if (withReplay) {
                const button = document.createElement('button');
                button.textContent = 'Replay';
                button.className = 'replay';
                button.addEventListener('click', () => replay(task, button));
                last.appendChild(button);
            } else {
                last.textContent = task.state;
            }
        });
    }

    function replay(task, button) {
        button.disabled = true;
        api('tasks/' + encodeURIComponent(task.id) + '/replay', { method: 'POST' })
            .then(() => { $('status').textContent = 'Replayed ' + task.messageId; refresh(); })
            .catch((error) => { $('status').textContent = error.message; button.disabled = false; });
    }

    /** ISO-8601 durations as people read them: P30D is "30 days", PT12H "12 hours". */
    function readable(duration) {
        const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
        if (!match) { return duration; }
        const units = [[match[1], 'day'], [match[2], 'hour'], [match[3], 'minute'], [match[4], 'second']];
        const parts = units.filter(([n]) => n && Number(n) !== 0).map(([n, unit]) => n + ' ' + unit + (Number(n) === 1 ? '' : 's'));
        return parts.length ? parts.join(' ') : '0 seconds';
    }

    function showRetention(retention) {
        $('retention').textContent = 'Kept: messages and CRM requests that ended well (DONE) for ' + readable(retention.done)
            + ', those that ended without success (FAILED, DROPPED) for ' + readable(retention.failed)
            + ', uploads for ' + readable(retention.uploads) + '; then deleted with their history.';
    }

    function refresh() {
        if (!token) { return; }
        Promise.all([api('counts'), api('tasks?state=FAILED&size=50'), api('tasks?state=STUCK&size=50')])
            .then(([counts, failed, stuck]) => {
                showCounts($('send-counts'), counts.chatSend);
                showCounts($('crm-counts'), counts.crmRequest);
                showRetention(counts.retention);
                showTasks($('failed'), failed, true);
                showTasks($('stuck'), stuck, false);
                $('status').textContent = 'Live, updated ' + new Date().toLocaleTimeString();
            })
            .catch((error) => { $('status').textContent = error.message; });
    }

    function search(messageId) {
        api('messages?messageId=' + encodeURIComponent(messageId)).then((found) => {
            const target = $('history');
            target.replaceChildren();
            if (found.items.length === 0) {
                const p = document.createElement('p');
                p.className = 'empty';
                p.textContent = 'No message with this id';
                target.appendChild(p);
            }
            found.items.forEach((message) => {
                const div = document.createElement('div');
                div.className = 'history-item';
                const title = document.createElement('h3');
                title.textContent = message.messageId + ' (' + message.companyId + ' / ' + message.pluginAlias + ' / '
                    + message.pluginId + '): ' + message.state;
                div.appendChild(title);
                const table = document.createElement('table');
                table.className = 'history';
                const head = table.createTHead().insertRow();
                ['Time', 'Task', 'Event', 'Attempt', 'Detail'].forEach((h) => { const th = document.createElement('th'); th.textContent = h; head.appendChild(th); });
                const body = table.createTBody();
                message.history.forEach((event) => {
                    const row = body.insertRow();
                    cell(row, new Date(event.at).toLocaleString());
                    cell(row, event.task);
                    cell(row, event.event);
                    cell(row, event.attempt);
                    cell(row, event.detail, 'error');
                });
                div.appendChild(table);
                target.appendChild(div);
            });
        }).catch((error) => { $('status').textContent = error.message; });
    }

    $('login').addEventListener('submit', (event) => {
        event.preventDefault();
        token = $('token').value.trim();
        sessionStorage.setItem('adminToken', token);
        refresh();
    });
    $('search').addEventListener('submit', (event) => {
        event.preventDefault();
        const id = $('message-id').value.trim();
        if (id) { search(id); }
    });
    $('token').value = token;
    refresh();
    timer = setInterval(refresh, 2000);
}());
