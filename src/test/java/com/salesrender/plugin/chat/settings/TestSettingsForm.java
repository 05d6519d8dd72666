package com.salesrender.plugin.chat.settings;

import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.Field;
import com.salesrender.plugin.chat.api.SettingsForm;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * A settings form with every kind of field, deployed in a test WAR the way a plugin author replaces the shipped form: a
 * producer in a class that is an enabled alternative. It keeps the echo plugin's fields so the echo plugin still works.
 */
@ApplicationScoped
@Alternative
@Priority(ChatSender.PRIORITY)
public class TestSettingsForm {

    @Produces
    @Singleton // the form is immutable; a plain instance needs no proxy
    SettingsForm form() {
        return SettingsForm.titled("Test gateway")
                .group(
                        "main",
                        "Main",
                        g -> g.field("prefix", Field.string("Prefix").required().defaultValue("["))
                                .field(
                                        "suffix",
                                        Field.string("Suffix").required().defaultValue("]"))
                                .field(
                                        "delay",
                                        Field.integer("Delay").min(0).max(10).defaultValue(3)))
                .group(
                        "auth",
                        "Gateway account",
                        g -> g.field("token", Field.password("API token"))
                                .field("channels", Field.listOfEnum("Channels", Map.of("sms", "SMS", "wa", "WhatsApp")))
                                .field("sandbox", Field.bool("Sandbox").defaultValue(true)))
                .button("Save");
    }
}
