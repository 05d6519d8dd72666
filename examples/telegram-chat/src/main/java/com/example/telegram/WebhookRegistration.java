package com.example.telegram;

import com.salesrender.plugin.chat.api.PluginJob;
import com.salesrender.plugin.chat.api.PluginJobHandler;
import com.salesrender.plugin.chat.api.PluginJobs;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.Settings;
import com.salesrender.plugin.chat.api.SettingsSaved;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Points a company's bot at its webhook ({@code setWebhook}: the URL naming the company, the derived secret, message
 * updates only) each time the company saves its settings.
 *
 * <p>The call is a {@link PluginJob}, scheduled by a plain observer of {@link SettingsSaved}: that observer runs inside
 * the saving transaction, so the job is stored with the settings and a crash right after the save cannot lose it (an
 * {@code AFTER_SUCCESS} observer calling Telegram itself would be lost with the instance, and would run only on the
 * instance that took the save). The job runs on one instance, any of them, and is retried while Telegram cannot be
 * reached. It reads the token when it runs: of two saves close together, both jobs set the newest.
 */
@ApplicationScoped
public class WebhookRegistration implements PluginJobHandler {

    static final String TYPE = "telegram-set-webhook";

    private static final Logger LOG = Logger.getLogger(WebhookRegistration.class.getName());

    @Inject
    PluginJobs jobs;

    @Inject
    Settings settings;

    @Inject
    BotApi telegram;

    @Inject
    @ConfigProperty(name = "plugin.self-uri")
    URI selfUri;

    void saved(@Observes SettingsSaved saved) {
        jobs.schedule(new PluginJob(saved.reference(), TYPE, ""), Duration.ZERO);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void run(PluginJob job) throws Exception {
        PluginReference company = job.reference();
        Optional<String> token = BotSettings.token(settings.of(company));
        if (token.isEmpty()) {
            return; // nothing to point anywhere
        }
        URI url = WebhookSecret.url(selfUri, company);
        JsonObject request = Json.createObjectBuilder()
                .add("url", url.toString())
                .add("secret_token", WebhookSecret.of(token.get(), company))
                .add("allowed_updates", Json.createArrayBuilder().add("message"))
                .build();
        BotApi.Answer answer = telegram.call(token.get(), "setWebhook", request);
        answer.requireOk("setWebhook");
        LOG.info(() -> "Webhook of " + company + " set to " + url);
    }
}
