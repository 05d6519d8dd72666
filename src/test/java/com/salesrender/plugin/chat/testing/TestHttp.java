package com.salesrender.plugin.chat.testing;

import java.net.http.HttpClient;

/** HTTP clients of the tests. */
public final class TestHttp {

    private TestHttp() {}

    /**
     * A new client speaking HTTP/1.1, as the CRM and Prometheus do: Java 17's default asks each new connection to
     * upgrade to HTTP/2 (h2c), and misreads about one upgraded answer in a hundred.
     */
    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
}
