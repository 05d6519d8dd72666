package com.salesrender.plugin.chat.echo;

import com.salesrender.plugin.chat.api.Field;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.Settings;
import com.salesrender.plugin.chat.api.SettingsForm;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The echo plugin's settings: the form each company fills in (reply prefix and suffix, delay between steps), and their
 * values for one company. Until a company saves its own, the defaults come from configuration ({@code plugin.echo.*}).
 */
@ApplicationScoped
public class EchoSettings {

    @Inject
    @ConfigProperty(name = "plugin.echo.prefix")
    String defaultPrefix;

    /** Optional: MicroProfile Config treats an empty value as no value. */
    @Inject
    @ConfigProperty(name = "plugin.echo.suffix")
    Optional<String> configuredSuffix;

    String defaultSuffix;

    @Inject
    @ConfigProperty(name = "plugin.echo.delay")
    int defaultDelay;

    @Inject
    Settings settings;

    @PostConstruct
    void init() {
        defaultSuffix = configuredSuffix.orElse("");
    }

    @Produces
    @Singleton // the form is immutable; a plain instance needs no proxy
    SettingsForm form() {
        // The reference example's form, word for word, so that a CRM shows the same page.
        return SettingsForm.titled("Settings")
                .description("Demo chat plugin")
                .group(
                        "main",
                        "Main",
                        group -> group.field(
                                        "prefix",
                                        Field.string("Answer prefix").required().defaultValue(defaultPrefix))
                                .field(
                                        "suffix",
                                        Field.string("Answer suffix").required().defaultValue(defaultSuffix))
                                .field(
                                        "delay",
                                        Field.integer("Delay (sec)")
                                                .description("Delay for answering and message status webhooks")
                                                .min(0, "Delay can not be less, than zero")
                                                .max(10, "Delay can not be more, than 10 seconds")
                                                .defaultValue(Math.max(0, Math.min(10, defaultDelay)))))
                .button("Save");
    }

    public Values of(PluginReference reference) {
        JsonObject main = settings.of(reference).getJsonObject("main");
        return new Values(
                text(main.get("prefix"), defaultPrefix),
                text(main.get("suffix"), defaultSuffix),
                delay(main.get("delay")));
    }

    /** A number, or a string holding one (the reference saves {@code "1"} as sent). */
    private int delay(JsonValue value) {
        if (value instanceof JsonNumber n) {
            return n.intValue();
        }
        if (value instanceof JsonString s) {
            try {
                return new BigDecimal(s.getString()).intValue();
            } catch (NumberFormatException e) {
                return defaultDelay;
            }
        }
        return defaultDelay;
    }

    private static String text(JsonValue value, String fallback) {
        return value instanceof JsonString s ? s.getString() : fallback;
    }

    public record Values(String prefix, String suffix, int delaySeconds) {}
}
