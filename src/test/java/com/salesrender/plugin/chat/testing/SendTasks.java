package com.salesrender.plugin.chat.testing;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.PluginClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/** What the integration tests read of an outgoing message's task, through the test probe of the deployment. */
public final class SendTasks {

    private SendTasks() {}

    /** The company's task for the message as the probe shows it, or {@code {"state": "NONE"}} when there is none. */
    public static JsonObject task(PluginClient plugin, Company company, String messageId) {
        PluginClient.Answer answer = plugin.get("test-probe/task/" + company.companyId() + "/" + company.alias() + "/"
                + company.pluginId() + "/" + messageId);
        return answer.status() == 200
                ? answer.object()
                : Json.createObjectBuilder().add("state", "NONE").build();
    }

    /** The state of the company's task for the message, or {@code NONE} when there is none. */
    public static String state(PluginClient plugin, Company company, String messageId) {
        return task(plugin, company, messageId).getString("state");
    }
}
