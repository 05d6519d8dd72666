package com.salesrender.plugin.chat.bench;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import java.net.URL;

/** The CRM's side: registers a company and sends it messages, with freshly signed RS512 tokens each time. */
final class Crm implements AutoCloseable {

    private final FakeCrm crm;
    final Company company = Company.fresh();

    Crm() throws java.io.IOException {
        crm = new FakeCrm();
    }

    /** Options every plugin instance needs to trust this CRM (and to sign its own requests to it). */
    java.util.List<String> pluginOptions() {
        return java.util.List.of("-Dplugin.self-uri=" + FakeCrm.SELF_URI, "-Dplugin.crm.scheme=http",
                "-Dplugin.crm.hostnames=localhost");
    }

    void register(URL plugin) {
        PluginClient.Answer answer = new PluginClient(plugin).register(crm, company, "bench-hpt");
        if (answer.status() != 200) {
            throw new IllegalStateException("registration answered " + answer.status() + ": " + answer.body());
        }
    }

    /** Sends one text message; answers the HTTP status, or -1 when the server did not answer at all. */
    int send(PluginClient plugin, String messageId, String contact) {
        return answer(plugin, messageId, contact).status();
    }

    /** The whole answer; status -1 when the server did not answer at all. */
    PluginClient.Answer answer(PluginClient plugin, String messageId, String contact) {
        try {
            return plugin.send(crm, company, Payloads.text(messageId, contact, "Hello from the bench"));
        } catch (IllegalStateException noAnswer) {
            return new PluginClient.Answer(-1, String.valueOf(noAnswer.getCause()));
        }
    }

    /** The body of a send request, signed now (tokens are valid five minutes): signing ahead keeps it out of timings. */
    String sendBody(String messageId, String contact) {
        return PluginClient.body("request", crm.sendToken(company, Payloads.text(messageId, contact, "Hello from the bench")));
    }

    /** Uploads a file through one instance as the CRM does (multipart part file); answers the URI it got. */
    String upload(URL plugin, String filename, byte[] content) throws Exception {
        String boundary = java.util.UUID.randomUUID().toString().replace("-", "");
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(plugin.toString()).resolve("/protected/upload/image"))
                .header("X-PLUGIN-TOKEN", crm.sign(crm.claims(company).build()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("upload answered " + answer.statusCode() + ": " + answer.body());
        }
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(answer.body()))) {
            return reader.readObject().getString("uri");
        }
    }

    /** An uploaded file fetched from one instance (its path, on that instance's address). */
    byte[] download(URL plugin, String uri) throws Exception {
        String path = "/" + uri.substring(FakeCrm.SELF_URI.length());
        var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(plugin.toString()).resolve(path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        return answer.statusCode() == 200 ? answer.body() : new byte[0];
    }

    @Override
    public void close() {
        crm.close();
    }
}
