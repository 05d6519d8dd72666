package com.salesrender.plugin.chat.conformance;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;

/** How an answer is compared with the reference's recording. */
public final class JsonComparison {

    private JsonComparison() {}

    /** Structural equality, key order within objects included; numbers by value (PHP writes 1.0 as 1). */
    public static void compare(String path, JsonValue expected, JsonValue actual, List<String> differences) {
        if (expected instanceof JsonNumber e && actual instanceof JsonNumber a) {
            if (e.bigDecimalValue().compareTo(a.bigDecimalValue()) != 0) {
                differences.add(path + ": " + expected + " != " + actual);
            }
        } else if (expected instanceof JsonObject e && actual instanceof JsonObject a) {
            if (!List.copyOf(e.keySet()).equals(List.copyOf(a.keySet()))) {
                differences.add(path + ": keys " + e.keySet() + " != " + a.keySet());
            }
            e.forEach((key, value) -> {
                if (a.containsKey(key)) {
                    compare(path + "/" + key, value, a.get(key), differences);
                }
            });
        } else if (expected instanceof JsonArray e && actual instanceof JsonArray a) {
            if (e.size() != a.size()) {
                differences.add(path + ": " + expected + " != " + actual);
            } else {
                for (int i = 0; i < e.size(); i++) {
                    compare(path + "/" + i, e.get(i), a.get(i), differences);
                }
            }
        } else if (!expected.equals(actual)) {
            differences.add(path + ": " + expected + " != " + actual);
        }
    }
}
