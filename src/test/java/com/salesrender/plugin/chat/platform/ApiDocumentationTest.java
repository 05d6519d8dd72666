package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.application.PluginApplication;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every JAX-RS resource method of the plugin carries its OpenAPI description (summary, tag, every status code with a
 * description), and the codes are those of {@link DocumentedRoutes}: a new route or a new answer fails here until it is
 * documented. The served document is checked in ObservabilityIT.
 */
class ApiDocumentationTest {

    @Test
    void everyResourceMethodIsDocumentedWithTheCodesOfTheRouteTable() throws Exception {
        List<DocumentedRoutes.Route> found = new ArrayList<>();
        for (Class<?> resource : resources()) {
            for (Method method : resource.getDeclaredMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                String where = resource.getSimpleName() + "." + method.getName();
                Operation operation = method.getAnnotation(Operation.class);
                assertNotNull(operation, where + " has no @Operation");
                assertFalse(operation.summary().isBlank(), where + " has no summary");
                assertTrue(
                        resource.isAnnotationPresent(Tag.class) || method.isAnnotationPresent(Tag.class),
                        where + " has no @Tag");
                APIResponse[] responses = method.getAnnotationsByType(APIResponse.class);
                assertTrue(responses.length > 0, where + " has no @APIResponse");
                Set<Integer> codes = new TreeSet<>();
                for (APIResponse response : responses) {
                    assertFalse(
                            response.description().isBlank(),
                            where + " " + response.responseCode() + " has no description");
                    assertTrue(
                            codes.add(Integer.parseInt(response.responseCode())),
                            where + " repeats " + response.responseCode());
                }
                found.add(new DocumentedRoutes.Route(http, path(resource, method), codes));
            }
        }
        assertEquals(
                new HashSet<>(DocumentedRoutes.ALL),
                new HashSet<>(found),
                "resources (right) and the route table (left) disagree: " + found);
        assertEquals(DocumentedRoutes.ALL.size(), found.size(), "a route is served twice: " + found);
    }

    /** The plugin's classes with a class-level @Path, found in the compiled main classes. */
    private static List<Class<?>> resources() throws IOException, URISyntaxException, ClassNotFoundException {
        java.nio.file.Path classes = Paths.get(PluginApplication.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<Class<?>> resources = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path file :
                    files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replace(".class", "");
                Class<?> type = Class.forName(name, false, ApiDocumentationTest.class.getClassLoader());
                if (type.isAnnotationPresent(Path.class)) {
                    resources.add(type);
                }
            }
        }
        assertTrue(resources.size() >= 7, "resources found: " + resources);
        return resources;
    }

    private static String httpMethod(Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(Annotation::annotationType)
                .map(type -> type.getAnnotation(HttpMethod.class))
                .filter(Objects::nonNull)
                .map(HttpMethod::value)
                .findFirst()
                .orElse(null);
    }

    private static String path(Class<?> resource, Method method) {
        String path = "/" + resource.getAnnotation(Path.class).value();
        Path sub = method.getAnnotation(Path.class);
        if (sub != null) {
            path = path + "/" + sub.value();
        }
        return path.replaceAll("/+", "/").replaceAll("(.)/$", "$1");
    }
}
