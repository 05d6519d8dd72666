package com.salesrender.plugin.chat.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testing.TestHttp;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * File uploads as the CRM makes them (the reference's recorded exchanges, {@code http-upload-*.json}): the answers and
 * codes, the file served back, read by a ChatSender, deleted after the retention, and hostile input refused with a 4xx
 * that stores nothing.
 */
@PluginTest
@RunAsClient
class UploadIT {

    private static final long TEN_MIB = 10 * 1024 * 1024;
    private static final Pattern URI_SHAPE = Pattern.compile(
            Pattern.quote(FakeCrm.SELF_URI)
                    + "uploaded/([^/]+)/([^/]+)/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.([a-z0-9]+)");

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    private final HttpClient http = TestHttp.client();
    private Company company;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithEcho().addClass(UploadProbe.class);
    }

    @BeforeEach
    void registerCompany() {
        company = Company.fresh();
        assertEquals(200, new PluginClient(base).register(crm, company, "hpt").status());
    }

    private String token(Company c) {
        return crm.sign(crm.claims(c).build());
    }

    private static String boundary() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** A multipart body with one part, as the CRM (and the reference's recording) sends it. */
    private static byte[] multipart(String boundary, String field, String filename, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String disposition = "Content-Disposition: form-data; name=\"" + field + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"");
        body.writeBytes(("--" + boundary + "\r\n" + disposition + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private HttpResponse<String> post(String path, String pluginToken, String contentType, byte[] body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(base.toString()).resolve(path))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (pluginToken != null) {
                request.header("X-PLUGIN-TOKEN", pluginToken);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> upload(String path, String filename, byte[] content) {
        String boundary = boundary();
        return post(
                path,
                token(company),
                "multipart/form-data; boundary=" + boundary,
                multipart(boundary, "file", filename, content));
    }

    private HttpResponse<byte[]> get(String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** The path of a returned URI, to fetch it from the test server (the self URI is not resolvable here). */
    private static String pathOf(String uri) {
        return "/" + uri.substring(FakeCrm.SELF_URI.length());
    }

    private long stored(Company c) {
        return Long.parseLong(
                new String(get("/test-probe/uploads/count/" + c.companyId()).body(), StandardCharsets.UTF_8));
    }

    private void assertRefused(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(status, json(response.body()).getInt("code"), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(
                "*",
                response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals(0, stored(company), "nothing stored");
    }

    @Test
    void eachKindAnswersItsUriAndServesTheFile() {
        String[][] cases = {
            {"/protected/upload", "hello.txt", "txt", "text/plain; charset=utf-8", "attachment"},
            {"/protected/upload/image", "photo.PNG", "png", "image/png", "inline"},
            {"/protected/upload/voice", "voice.ogg", "ogg", "audio/ogg", "inline"}
        };
        for (String[] c : cases) {
            HttpResponse<String> answer = upload(c[0], c[1], "hello".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(1, json(answer.body()).size(), answer.body());
            String uri = json(answer.body()).getString("uri");
            var shape = URI_SHAPE.matcher(uri);
            assertTrue(shape.matches(), uri);
            assertEquals(company.companyId(), shape.group(1));
            assertEquals(company.pluginId(), shape.group(2));
            assertEquals(c[2], shape.group(3));

            HttpResponse<byte[]> served = get(pathOf(uri));
            assertEquals(200, served.statusCode());
            assertEquals("hello", new String(served.body(), StandardCharsets.UTF_8));
            assertEquals(
                    c[3],
                    served.headers()
                            .firstValue("Content-Type")
                            .orElse("")
                            .toLowerCase()
                            .replace(";charset", "; charset"));
            assertEquals(
                    "nosniff",
                    served.headers().firstValue("X-Content-Type-Options").orElse(null));
            assertTrue(
                    served.headers()
                            .firstValue("Content-Disposition")
                            .orElse("")
                            .startsWith(c[4]),
                    c[1]);
        }
        assertEquals(3, stored(company));
    }

    @Test
    void aChatSenderOpensAnUploadWithoutHttp() {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        String uri = json(upload("/protected/upload/image", "big.jpg", content).body())
                .getString("uri");

        JsonObject opened = json(new String(
                get("/test-probe/uploads/open?uri=" + URLEncoder.encode(uri, StandardCharsets.UTF_8))
                        .body(),
                StandardCharsets.UTF_8));
        assertEquals("image/jpeg", opened.getString("contentType"));
        assertEquals(content.length, opened.getInt("size"));
        assertTrue(uri.endsWith(opened.getString("name")));
        assertTrue(Arrays.equals(content, Base64.getDecoder().decode(opened.getString("content"))));
        assertEquals(
                404,
                get("/test-probe/uploads/open?uri="
                                + URLEncoder.encode(
                                        "https://elsewhere.example/uploaded/"
                                                + uri.substring(uri.indexOf("uploaded/") + 9),
                                        StandardCharsets.UTF_8))
                        .statusCode());
    }

    @Test
    void uploadsAreDeletedAfterTheRetention() {
        String uri = json(upload("/protected/upload", "notes.txt", "keep me".getBytes(StandardCharsets.UTF_8))
                        .body())
                .getString("uri");
        long now = System.currentTimeMillis();
        assertEquals(
                200,
                post(
                                "/test-probe/uploads/purge?now="
                                        + (now + Duration.ofDays(29).toMillis()),
                                null,
                                null,
                                new byte[0])
                        .statusCode());
        assertEquals(200, get(pathOf(uri)).statusCode(), "kept for 30 days");
        assertEquals(
                200,
                post(
                                "/test-probe/uploads/purge?now="
                                        + (now + Duration.ofDays(31).toMillis()),
                                null,
                                null,
                                new byte[0])
                        .statusCode());
        assertEquals(404, get(pathOf(uri)).statusCode(), "gone after 30 days");
        assertEquals(0, stored(company));
    }

    @Test
    void refusalsNameThePermissionsAsTheReference() {
        HttpResponse<String> noExtension =
                upload("/protected/upload", "noext", "hello".getBytes(StandardCharsets.UTF_8));
        assertRefused(noExtension, 403);
        assertEquals(
                json(
                        "{\"code\":403,\"message\":\"Files without extension can not be uploaded\",\"permissions\":{\"*\":10485760}}"),
                json(noExtension.body()));

        byte[] big = new byte[(int) TEN_MIB + 1];
        Arrays.fill(big, (byte) 'x');
        HttpResponse<String> tooBig = upload("/protected/upload", "big.bin", big);
        assertRefused(tooBig, 413);
        assertEquals(
                json(
                        "{\"code\":413,\"message\":\"Files too big and can not be uploaded\",\"permissions\":{\"*\":10485760}}"),
                json(tooBig.body()));

        byte[] max = new byte[(int) TEN_MIB];
        assertEquals(200, upload("/protected/upload/voice", "max.ogg", max).statusCode(), "exactly the limit is fine");
    }

    @Test
    void routesAndMethodsAsTheReference() {
        String boundary = boundary();
        byte[] body = multipart(boundary, "file", "hello.txt", "hello".getBytes(StandardCharsets.UTF_8));
        assertRefused(
                post("/protected/upload/video", token(company), "multipart/form-data; boundary=" + boundary, body),
                404);
        assertRefused(
                post("/protected/upload/default", token(company), "multipart/form-data; boundary=" + boundary, body),
                404);
        try {
            HttpResponse<String> get = http.send(
                    HttpRequest.newBuilder(URI.create(base + "protected/upload"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode());
            assertEquals(
                    json("{\"code\":405,\"message\":\"Method not allowed. Must be one of: POST, OPTIONS\"}"),
                    json(get.body()));
            HttpResponse<String> options = http.send(
                    HttpRequest.newBuilder(URI.create(base + "protected/upload/image"))
                            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(options.statusCode() < 300, String.valueOf(options.statusCode()));
            assertEquals(
                    "*",
                    options.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            HttpResponse<String> anyPath = http.send(
                    HttpRequest.newBuilder(URI.create(base + "protected/upload/video"))
                            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, anyPath.statusCode(), "the preflight is answered on any path");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void badInputIsA4xxAndStoresNothing() {
        String boundary = boundary();
        byte[] hello = multipart(boundary, "file", "hello.txt", "hello".getBytes(StandardCharsets.UTF_8));
        String multipartType = "multipart/form-data; boundary=" + boundary;
        Company stranger = Company.fresh();

        HttpResponse<String> noToken = post("/protected/upload", null, multipartType, hello);
        assertRefused(noToken, 401);
        assertRefused(post("/protected/upload", "not.a.token", multipartType, hello), 403);
        assertRefused(post("/protected/upload", token(stranger), multipartType, hello), 403);
        assertRefused(
                post(
                        "/protected/upload",
                        token(company),
                        multipartType,
                        multipart(boundary, "other", "hello.txt", "hello".getBytes(StandardCharsets.UTF_8))),
                400);
        assertRefused(
                post(
                        "/protected/upload",
                        token(company),
                        multipartType,
                        multipart(boundary, "file", null, "hello".getBytes(StandardCharsets.UTF_8))),
                400);
        assertRefused(upload("/protected/upload", "empty.txt", new byte[0]), 400);
        assertRefused(
                post(
                        "/protected/upload",
                        token(company),
                        "application/json",
                        "{\"file\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
                400);
        assertRefused(post("/protected/upload", token(company), "multipart/form-data", hello), 400);
        assertRefused(post("/protected/upload", token(company), null, hello), 400);
        byte[] unterminated = Arrays.copyOf(hello, hello.length - boundary.length() - 8);
        assertRefused(post("/protected/upload", token(company), multipartType, unterminated), 400);
        assertRefused(post("/protected/upload", token(company), multipartType, new byte[0]), 400);
        assertRefused(upload("/protected/upload", "page.ht ml", "<script>".getBytes(StandardCharsets.UTF_8)), 415);

        // The connection ends in the middle of the file, before the announced length.
        int cutShort = rawStatus(
                "POST /protected/upload HTTP/1.1",
                new String[] {
                    "X-PLUGIN-TOKEN: " + token(company),
                    "Content-Type: " + multipartType,
                    "Content-Length: " + hello.length
                },
                Arrays.copyOf(hello, hello.length - boundary.length() - 10));
        // The container closes the connection of a body shorter than its Content-Length without an answer (-1).
        assertEquals(-1, cutShort, "a body cut short: the connection is closed unanswered, not " + cutShort);
        assertEquals(0, stored(company));
    }

    @Test
    void namesCannotClimbOrCrossCompanies() {
        HttpResponse<String> answer =
                upload("/protected/upload", "../../../etc/passwd.txt", "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, answer.statusCode(), answer.body());
        String uri = json(answer.body()).getString("uri");
        assertTrue(URI_SHAPE.matcher(uri).matches(), uri);
        String name = uri.substring(uri.lastIndexOf('/') + 1);

        Company other = Company.fresh();
        assertEquals(
                404,
                get("/uploaded/" + other.companyId() + "/" + company.pluginId() + "/" + name)
                        .statusCode());
        assertEquals(404, get("/uploaded/" + company.companyId() + "/8/" + name).statusCode());
        for (String hostile :
                new String[] {"..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e", name + "%00.png", name.toUpperCase()}) {
            int status = get("/uploaded/" + company.companyId() + "/" + company.pluginId() + "/" + hostile)
                    .statusCode();
            assertTrue(status == 400 || status == 404, hostile + ": " + status);
        }
        assertEquals(200, get(pathOf(uri)).statusCode());
    }

    /** Sends the head and a body shorter than announced, then closes its side: the server sees the body end early. */
    private int rawStatus(String requestLine, String[] headers, byte[] body) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(requestLine)
                    .append("\r\nHost: ")
                    .append(base.getHost())
                    .append("\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
        } catch (SocketException | SocketTimeoutException closedWithoutAnswer) {
            return -1; // the connection was dropped without an answer
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
