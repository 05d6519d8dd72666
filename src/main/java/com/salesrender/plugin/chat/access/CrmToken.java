package com.salesrender.plugin.chat.access;

import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;

/** A verified token from the CRM: who sent it, for which plugin reference, and all its claims. */
public record CrmToken(URI issuer, PluginReference reference, JsonObject claims) {

    public JsonValue claim(String name) {
        return claims.get(name);
    }

    /** A string claim, or null when absent or not a string. */
    public String stringClaim(String name) {
        JsonValue value = claims.get(name);
        return value != null && value.getValueType() == JsonValue.ValueType.STRING ? claims.getString(name) : null;
    }
}
