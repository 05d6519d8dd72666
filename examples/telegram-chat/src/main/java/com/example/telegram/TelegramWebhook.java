package com.example.telegram;

import com.salesrender.plugin.chat.api.PluginJob;
import com.salesrender.plugin.chat.api.PluginJobs;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.Refusal;
import com.salesrender.plugin.chat.api.RegisteredReferences;
import com.salesrender.plugin.chat.api.Settings;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.time.Duration;
import java.util.Optional;

/**
 * Where Telegram posts each company's updates: {@code POST /telegram/{companyId}/{alias}/{pluginId}}, the URL
 * {@link WebhookRegistration} gives its bot. Served by the core's JAX-RS application like its own routes, behind its
 * filters: bodies over 1 MiB are refused (413; an update is a few kilobytes), and while the server stops the answer is
 * 503, which Telegram retries.
 *
 * <ul>
 *   <li>404 for a reference that is not registered or has no bot token saved (there is no bot here);
 *   <li>403 when the header {@code X-Telegram-Bot-Api-Secret-Token} is missing or is not the company's secret (compared
 *       in constant time), and nothing is forwarded;
 *   <li>400 for a body that is not an update;
 *   <li>200 otherwise, at once: a customer's message is stored as a job ({@link UpdateForward}) that fetches its files
 *       and forwards it, so the webhook never waits for a download (Telegram would time out and send it again).
 * </ul>
 */
@Path("telegram/{companyId}/{alias}/{pluginId}")
public class TelegramWebhook {

    @Inject
    RegisteredReferences references;

    @Inject
    Settings settings;

    @Inject
    PluginJobs jobs;

    @PathParam("companyId")
    String companyId;

    @PathParam("alias")
    String alias;

    @PathParam("pluginId")
    String pluginId;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response update(@HeaderParam(WebhookSecret.HEADER) String secret, String body) {
        PluginReference company = company();
        String token = BotSettings.token(settings.of(company)).orElseThrow(TelegramWebhook::noBot);
        if (!WebhookSecret.matches(token, company, secret)) {
            throw new Refusal(403, "Wrong or missing " + WebhookSecret.HEADER);
        }
        Optional<IncomingUpdate> message;
        try (JsonReader reader = Json.createReader(new StringReader(body == null ? "" : body))) {
            JsonObject update = reader.readObject();
            message = IncomingUpdate.read(update);
        } catch (JsonException | IllegalStateException | IllegalArgumentException | ClassCastException e) {
            throw new Refusal(400, "Not a Telegram update: " + e.getMessage());
        }
        message.ifPresent(m -> jobs.schedule(
                new PluginJob(company, UpdateForward.TYPE, m.toJson().toString()), Duration.ZERO));
        return Response.ok("{\"ok\":true}").build();
    }

    private PluginReference company() {
        PluginReference company;
        try {
            company = new PluginReference(companyId, alias, pluginId);
        } catch (IllegalArgumentException e) {
            throw noBot();
        }
        if (!references.isRegistered(company)) {
            throw noBot();
        }
        return company;
    }

    private static Refusal noBot() {
        return new Refusal(404, "No Telegram bot here");
    }
}
