package com.salesrender.plugin.chat.echo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.conformance.JsonComparison;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The echo example's form, with the WAR's configured defaults, is the reference example's form exactly. */
class EchoSettingsFormTest {

    @Test
    void isTheReferenceExamplesForm() throws Exception {
        Properties config = new Properties();
        try (InputStream in = EchoSettings.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            config.load(in);
        }
        EchoSettings echo = new EchoSettings();
        echo.defaultPrefix = config.getProperty("plugin.echo.prefix");
        echo.defaultSuffix = config.getProperty("plugin.echo.suffix");
        echo.defaultDelay = Integer.parseInt(config.getProperty("plugin.echo.delay"));

        JsonObject recorded;
        try (InputStream in = getClass().getResourceAsStream("/conformance/golden/http-protected-forms-settings.json");
                JsonReader reader = Json.createReader(in)) {
            recorded = reader.readObject();
        }
        JsonObject expected;
        try (JsonReader reader = Json.createReader(
                new StringReader(recorded.getJsonObject("response").getString("body")))) {
            expected = reader.readObject();
        }
        List<String> differences = new ArrayList<>();
        JsonComparison.compare("", expected, echo.form().toJson(), differences);
        assertTrue(differences.isEmpty(), () -> String.join("\n", differences));
    }
}
