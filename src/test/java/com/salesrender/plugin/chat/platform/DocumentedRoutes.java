package com.salesrender.plugin.chat.platform;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Every route the plugin serves and every status code it can answer there (PROTOCOL.md, README): what the resources'
 * OpenAPI annotations and the served {@code /openapi} document must both say.
 */
final class DocumentedRoutes {

    private DocumentedRoutes() {}

    record Route(String method, String path, Set<Integer> codes) {

        @Override
        public String toString() {
            return method + " " + path + " " + codes;
        }
    }

    static final List<Route> ALL = List.of(
            route("GET", "/info", 200, 510),
            route("GET", "/icon.png", 200, 404),
            route("GET", "/robots.txt", 200),
            route("PUT", "/registration", 200, 400, 403, 413),
            route("POST", "/special/send", 202, 400, 403, 405, 413, 500, 503),
            route("GET", "/protected/forms/settings", 200, 401, 403),
            route("GET", "/protected/data/settings", 200, 401, 403),
            route("PUT", "/protected/data/settings", 200, 400, 401, 403, 409, 413, 500, 504),
            route("GET", "/protected/autocomplete/{name}", 200, 400, 401, 403, 404, 500),
            route("GET", "/protected/preview/table/{name}", 200, 400, 401, 403, 404, 500),
            route("GET", "/protected/preview/markdown/{name}", 200, 400, 401, 403, 404, 500),
            route("GET", "/uploaded/{companyId}/{pluginId}/{name}", 200, 404),
            route("HEAD", "/uploaded/{companyId}/{pluginId}/{name}", 200, 404),
            route("POST", "/gateway/{companyId}/{alias}/{pluginId}/status", 202, 400, 401, 403, 404, 413),
            route("POST", "/gateway/{companyId}/{alias}/{pluginId}/incoming", 202, 400, 401, 403, 404, 413),
            route("GET", "/admin/api/counts", 200, 401, 403, 404),
            route("GET", "/admin/api/tasks", 200, 400, 401, 403, 404),
            route("GET", "/admin/api/messages", 200, 400, 401, 403, 404),
            route("GET", "/admin/api/messages/{companyId}/{alias}/{pluginId}/{messageId}", 200, 400, 401, 403, 404),
            route("POST", "/admin/api/tasks/{id}/replay", 200, 400, 401, 403, 404, 409),
            route("POST", "/admin/api/backup", 200, 401, 403, 404, 409, 500),
            route("GET", "/admin", 200),
            route("GET", "/admin/{file}", 200, 404));

    private static Route route(String method, String path, int... codes) {
        return new Route(method, path, new TreeSet<>(IntStream.of(codes).boxed().toList()));
    }
}
