package com.salesrender.plugin.chat.platform;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.PluginSecrets;
import com.salesrender.plugin.chat.api.SecretRefused;
import com.salesrender.plugin.chat.api.Settings;
import com.salesrender.plugin.chat.application.OldKeySweeper;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test-only window on secrets at rest (in the test WAR, never in the product): the raw stored columns, rows written as
 * before the key was set or with another key, what a sender reads, the key rotation's sweep and a plugin's own values.
 */
@Stateless
@Path("test-probe/secrets")
@Produces(MediaType.APPLICATION_JSON)
public class SecretsProbe {

    @PersistenceContext
    EntityManager em;

    @Inject
    Settings settings;

    @Inject
    PluginSecrets pluginSecrets;

    @Inject
    OldKeySweeper sweeper;

    /** The registration's HPT column and the settings data column, as stored. */
    @GET
    @Path("raw/{company}")
    public String raw(@PathParam("company") String company) {
        JsonObjectBuilder raw = Json.createObjectBuilder();
        column("SELECT hpt FROM registration WHERE company_id = ?1", company).ifPresent(v -> raw.add("hpt", v));
        column("SELECT data FROM plugin_settings WHERE company_id = ?1", company)
                .ifPresent(v -> raw.add("settings", v));
        return raw.build().toString();
    }

    /** Stores the HPT in clear, as a plugin without a key (or before this version) did. */
    @POST
    @Path("plain-hpt/{company}")
    public void plainHpt(@PathParam("company") String company, @QueryParam("hpt") String hpt) {
        update("UPDATE registration SET hpt = ?1 WHERE company_id = ?2", hpt, company);
    }

    /** Stores the HPT encrypted with another key than the server's. */
    @POST
    @Path("foreign-hpt/{company}")
    public void foreignHpt(@PathParam("company") String company, @QueryParam("hpt") String hpt) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        update(
                "UPDATE registration SET hpt = ?1 WHERE company_id = ?2",
                Secrets.seal(new SecretKeySpec(key, "AES"), "registration HPT", hpt),
                company);
    }

    /** Replaces the stored settings data as it is (a row from before the key). */
    @POST
    @Path("plain-settings/{company}")
    @Consumes(MediaType.APPLICATION_JSON)
    public void plainSettings(@PathParam("company") String company, String data) {
        update("UPDATE plugin_settings SET data = ?1 WHERE company_id = ?2", data, company);
    }

    /** Runs the key rotation's sweep now (the one at start may be over, the next one minutes away). */
    @POST
    @Path("sweep")
    public String sweep() {
        OldKeySweeper.Sweep sweep = sweeper.sweep();
        return Json.createObjectBuilder()
                .add("resealed", sweep.resealed())
                .add("unreadable", sweep.unreadable())
                .build()
                .toString();
    }

    /**
     * A plugin's value through the API's {@link PluginSecrets}: {@code seal}, {@code open} or {@code reseal} answer
     * {@code {"value": ...}}, {@code needs-reseal} {@code {"value": true|false}}; a refusal {@code {"refused":
     * "<exception>"}}.
     */
    @POST
    @Path("plugin/{verb}/{company}/{alias}/{plugin}")
    @Consumes(MediaType.WILDCARD)
    public String plugin(
            @PathParam("verb") String verb,
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            String value) {
        PluginReference reference = new PluginReference(company, alias, plugin);
        JsonObjectBuilder answer = Json.createObjectBuilder();
        try {
            switch (verb) {
                case "seal" -> answer.add("value", pluginSecrets.seal(reference, value));
                case "open" -> answer.add("value", pluginSecrets.open(reference, value));
                case "reseal" -> answer.add("value", pluginSecrets.reseal(reference, value));
                case "needs-reseal" -> answer.add("value", pluginSecrets.needsReseal(value));
                default -> throw new IllegalArgumentException(verb);
            }
        } catch (SecretRefused e) {
            answer.add("refused", e.getClass().getSimpleName());
        }
        return answer.build().toString();
    }

    /** The settings as a ChatSender reads them ({@code Settings.of}), passwords in clear. */
    @GET
    @Path("sender-settings/{company}/{alias}/{plugin}")
    public String senderSettings(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin) {
        return settings.of(new PluginReference(company, alias, plugin)).toString();
    }

    private Optional<String> column(String sql, String company) {
        List<?> rows = em.createNativeQuery(sql).setParameter(1, company).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(String.valueOf(rows.get(0)));
    }

    private void update(String sql, String value, String company) {
        int updated = em.createNativeQuery(sql)
                .setParameter(1, value)
                .setParameter(2, company)
                .executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("No row of " + company);
        }
    }
}
