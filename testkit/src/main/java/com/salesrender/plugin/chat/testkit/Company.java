package com.salesrender.plugin.chat.testkit;

import java.util.UUID;

/** A plugin reference for one test: a company id nobody else uses, so tests never see each other's rows. */
public record Company(String companyId, String alias, String pluginId) {

    public static Company fresh() {
        return new Company(UUID.randomUUID().toString().substring(0, 8), "chat-plugin", "7");
    }
}
