package com.salesrender.plugin.chat.api;

import java.util.Objects;

/**
 * A CDI event: a company registered this plugin ({@code PUT /registration}), or registered it again, which replaces its
 * registration (a new secret and CRM address; its settings are kept). The core fires it inside the registering
 * transaction; observe it after the commit, so that what it announces is stored when it is seen:
 *
 * <pre>
 * void started(&#64;Observes(during = TransactionPhase.AFTER_SUCCESS) PluginRegistered registered) {
 *     jobs.schedule(new PluginJob(registered.reference(), "poll-mailbox", ""), Duration.ZERO);
 * }
 * </pre>
 *
 * <ul>
 *   <li>It is seen only on the instance that took the request, once per successful registration; a refused one (a bad
 *       token, an older token than the stored registration) fires nothing. With several instances, work that must
 *       happen for every reference belongs in a {@link PluginJob} (it runs on one instance, any of them) or in a walk
 *       of {@link RegisteredReferences}, not in a map kept by the observer's instance.
 *   <li>An {@code AFTER_SUCCESS} observer runs after the commit, outside the registering transaction, and its exception
 *       is logged, not answered: the registration stands. The core's beans ({@link PluginJobs},
 *       {@link RegisteredReferences}, {@link Settings}) start their own transaction there.
 *   <li>A plain {@code @Observes} runs inside the transaction, before the commit: its exception refuses the
 *       registration, and it may see a registration that a failing commit then undoes. Prefer {@code AFTER_SUCCESS}.
 *   <li>A crash between the commit and the observer loses the event: a poller that must not miss a reference also walks
 *       {@link RegisteredReferences} (at its start, say).
 * </ul>
 */
public record PluginRegistered(PluginReference reference) {

    public PluginRegistered {
        Objects.requireNonNull(reference, "reference");
    }
}
