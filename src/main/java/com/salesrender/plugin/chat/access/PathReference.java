package com.salesrender.plugin.chat.access;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.ApiError;

/** A plugin reference named by a route's path ({@code {companyId}/{alias}/{pluginId}}): a bad part is a 400. */
public final class PathReference {

    private PathReference() {}

    public static PluginReference of(String companyId, String alias, String pluginId) {
        try {
            return new PluginReference(companyId, alias, pluginId);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
    }
}
