package com.salesrender.plugin.chat.crm;

import java.time.Duration;
import java.util.Set;

/**
 * The CRM's endpoints for plugin requests, with the protocol's answer codes and lifetime (attempts:
 * {@link CrmRequestOptions}).
 */
public enum CrmEndpoint {
    /** {@code PATCH companies/{cid}/CRM/plugin/chat/status}. */
    STATUS("PATCH", "CRM/plugin/chat/status", 200, Set.of(404, 418), Duration.ofSeconds(300)),
    /** {@code PUT companies/{cid}/CRM/plugin/chat/incoming}. */
    INCOMING("PUT", "CRM/plugin/chat/incoming", 201, Set.of(405, 418), Duration.ofSeconds(300));

    private final String method;
    private final String path;
    private final int success;
    private final Set<Integer> stopCodes;
    private final Duration ttl;

    CrmEndpoint(String method, String path, int success, Set<Integer> stopCodes, Duration ttl) {
        this.method = method;
        this.path = path;
        this.success = success;
        this.stopCodes = stopCodes;
        this.ttl = ttl;
    }

    public String method() {
        return method;
    }

    /** The path under {@code {cluster URI}companies/{cid}/}. */
    public String path() {
        return path;
    }

    public boolean isSuccess(int code) {
        return code == success;
    }

    /** The CRM refused for good (418: the plugin was archived): retrying cannot help. */
    public boolean isStop(int code) {
        return stopCodes.contains(code);
    }

    public Duration ttl() {
        return ttl;
    }
}
