package com.salesrender.plugin.chat.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginInfoTest {

    private final Map<String, String> config = new HashMap<>(Map.of(
            "plugin.info.name", "Echo",
            "plugin.info.description", "**Echo**",
            "plugin.info.contact-type", "phone",
            "plugin.info.developer.name", "Dev",
            "plugin.info.developer.email", "Dev@Example.COM",
            "plugin.info.developer.hostname", "example.com"));

    private PluginInfo read() {
        return PluginInfo.read(key -> Optional.ofNullable(config.get(key)));
    }

    private String failure() {
        return assertThrows(IllegalStateException.class, this::read).getMessage();
    }

    @Test
    void buildsTheInfoDocument() {
        config.put("plugin.info.capabilities.formats", "text, html");
        JsonObject info = read().toJson();
        assertEquals("Echo", info.getString("name"));
        assertEquals("CHAT", info.getString("type"));
        assertEquals("phone", info.getJsonObject("extra").getString("contactType"));
        JsonObject capabilities = info.getJsonObject("extra").getJsonObject("capabilities");
        assertTrue(capabilities.getBoolean("subject"));
        assertEquals(
                "[\"text\",\"html\"]",
                capabilities.getJsonObject("messages").getJsonArray("formats").toString());
        assertEquals(
                "[\"sent\",\"delivered\",\"read\",\"error\"]",
                capabilities.getJsonObject("messages").getJsonArray("statuses").toString());
        assertEquals(
                "[\"file\",\"image\",\"voice\"]",
                capabilities.getJsonArray("attachments").toString());
        assertEquals("en_US", info.getJsonObject("languages").getString("current"));
        assertEquals("dev@example.com", info.getJsonObject("developer").getString("email"));
        assertEquals("example.com", info.getJsonObject("developer").getString("hostname"));
    }

    @Test
    void emptyNameNamesTheProperty() {
        config.put("plugin.info.name", " ");
        assertEquals("Configuration property plugin.info.name must not be empty", failure());
    }

    @Test
    void hostnameMustBeBare() {
        config.put("plugin.info.developer.hostname", "https://example.com");
        assertTrue(failure().startsWith("Configuration property plugin.info.developer.hostname"));
        config.put("plugin.info.developer.hostname", "example.com/");
        assertTrue(failure().contains("plugin.info.developer.hostname"));
        config.put("plugin.info.developer.hostname", "exa mple.com");
        assertTrue(failure().contains("plugin.info.developer.hostname"));
    }

    @Test
    void unknownFormatsAndAttachmentTypesAreRefused() {
        config.put("plugin.info.capabilities.formats", "text,rtf");
        assertTrue(failure().contains("plugin.info.capabilities.formats holds unknown value 'rtf'"));
        config.remove("plugin.info.capabilities.formats");
        config.put("plugin.info.capabilities.attachments", "file,video");
        assertTrue(failure().contains("plugin.info.capabilities.attachments"));
    }

    @Test
    void languagesAndEmailAreChecked() {
        config.put("plugin.info.languages.current", "ru_RU");
        assertTrue(failure().contains("plugin.info.languages.current"));
        config.remove("plugin.info.languages.current");
        config.put("plugin.info.developer.email", "nobody");
        assertTrue(failure().contains("plugin.info.developer.email"));
        config.put("plugin.info.developer.email", "a@b.c");
        config.put("plugin.info.capabilities.typing", "maybe");
        assertTrue(failure().contains("plugin.info.capabilities.typing"));
    }
}
