package com.salesrender.plugin.chat.access;

import java.net.URI;
import java.util.Locale;

/**
 * Where a CRM public key is published: {@code {scheme}://{host}[:{port}]/pkey/{id}}. Keys are known by this whole
 * address, so a key fetched from one host never verifies a token naming another host.
 */
record KeyAddress(URI uri) {

    static KeyAddress of(URI issuer, String keyId) {
        String port = issuer.getPort() == -1 ? "" : ":" + issuer.getPort();
        return new KeyAddress(URI.create(issuer.getScheme().toLowerCase(Locale.ROOT) + "://"
                + issuer.getHost().toLowerCase(Locale.ROOT) + port + "/pkey/" + keyId));
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
