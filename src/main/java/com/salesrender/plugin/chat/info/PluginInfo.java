package com.salesrender.plugin.chat.info;

import com.salesrender.plugin.chat.platform.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What {@code GET /info} tells the CRM about this plugin, read from configuration ({@code plugin.info.*}) and checked
 * once: a wrong value fails the start with a message naming its property.
 */
public final class PluginInfo {

    public static final String PREFIX = "plugin.info.";
    private static final Set<String> FORMATS = Set.of("text", "markdown", "html");
    private static final Set<String> ATTACHMENTS = Set.of("file", "image", "voice");
    private static final Set<String> STATUSES = Set.of("sent", "delivered", "read", "error");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}_[A-Z]{2}");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final JsonObject json;

    private PluginInfo(JsonObject json) {
        this.json = json;
    }

    public JsonObject toJson() {
        return json;
    }

    /** Reads and checks the configuration; {@code config} answers a property's value, if set. */
    public static PluginInfo read(Function<String, Optional<String>> config) {
        Reader r = new Reader(config);
        String name = r.required("name");
        String description = r.required("description");
        String contactType = r.required("contact-type");

        List<String> formats = r.list("capabilities.formats", FORMATS, "text");
        List<String> statuses = r.list("capabilities.statuses", STATUSES, "sent,delivered,read,error");
        List<String> attachments = r.list("capabilities.attachments", ATTACHMENTS, "file,image,voice");

        List<String> available = r.list("languages.available", null, "en_US");
        available.forEach(l -> r.check(
                LANGUAGE.matcher(l).matches(), "languages.available", "holds '" + l + "', not a language like en_US"));
        String current = r.value("languages.current", available.get(0));
        String fallback = r.value("languages.default", available.get(0));
        r.check(available.contains(current), "languages.current", "must be one of languages.available");
        r.check(available.contains(fallback), "languages.default", "must be one of languages.available");

        String developer = r.required("developer.name");
        String email = r.required("developer.email").toLowerCase(Locale.ROOT);
        r.check(EMAIL.matcher(email).matches(), "developer.email", "must be an e-mail address");
        String hostname = r.required("developer.hostname");
        r.check(
                !hostname.contains("://") && !hostname.contains("/"),
                "developer.hostname",
                "must be a bare host name (no scheme, no slash), like example.com");
        r.check(HOSTNAME.matcher(hostname).matches(), "developer.hostname", "must be a host name like example.com");

        JsonObject json = Json.createObjectBuilder()
                .add("name", name)
                .add("description", description)
                .add("type", "CHAT")
                .add(
                        "extra",
                        Json.createObjectBuilder()
                                .add("contactType", contactType)
                                .add(
                                        "capabilities",
                                        Json.createObjectBuilder()
                                                .add("subject", r.bool("capabilities.subject", true))
                                                .add("typing", r.bool("capabilities.typing", false))
                                                .add(
                                                        "messages",
                                                        Json.createObjectBuilder()
                                                                .add("formats", array(formats))
                                                                .add("incoming", r.bool("capabilities.incoming", true))
                                                                .add("outgoing", r.bool("capabilities.outgoing", true))
                                                                .add(
                                                                        "writeFirst",
                                                                        r.bool("capabilities.write-first", true))
                                                                .add("statuses", array(statuses)))
                                                .add("attachments", array(attachments))))
                .add(
                        "languages",
                        Json.createObjectBuilder()
                                .add("current", current)
                                .add("default", fallback)
                                .add("available", array(available)))
                .add(
                        "developer",
                        Json.createObjectBuilder()
                                .add("name", developer)
                                .add("email", email)
                                .add("hostname", hostname.toLowerCase(Locale.ROOT)))
                .build();
        return new PluginInfo(json);
    }

    private static JsonArrayBuilder array(List<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    /** Reads {@code plugin.info.*} and fails with the property's name. */
    private static final class Reader {

        private final Function<String, Optional<String>> config;

        Reader(Function<String, Optional<String>> config) {
            this.config = config;
        }

        String value(String key, String fallback) {
            return config.apply(PREFIX + key).map(String::trim).orElse(fallback);
        }

        String required(String key) {
            String value = value(key, "");
            check(!value.isEmpty(), key, "must not be empty");
            return value;
        }

        boolean bool(String key, boolean fallback) {
            String value = value(key, String.valueOf(fallback));
            check(value.equals("true") || value.equals("false"), key, "must be true or false");
            return Boolean.parseBoolean(value);
        }

        List<String> list(String key, Set<String> allowed, String fallback) {
            List<String> values = Arrays.stream(value(key, fallback).split(","))
                    .map(String::trim)
                    .filter(v -> !v.isEmpty())
                    .distinct()
                    .toList();
            check(!values.isEmpty(), key, "must not be empty");
            if (allowed != null) {
                values.forEach(v -> check(
                        allowed.contains(v),
                        key,
                        "holds unknown value '" + v + "' (allowed: "
                                + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            }
            return values;
        }

        void check(boolean ok, String key, String problem) {
            if (!ok) {
                throw new IllegalStateException("Configuration property " + PREFIX + key + " " + problem);
            }
        }
    }
}
