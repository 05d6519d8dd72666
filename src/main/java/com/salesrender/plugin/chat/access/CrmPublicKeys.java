package com.salesrender.plugin.chat.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The CRM's public keys by id: memory, then the database, then {@code GET {issuer}/pkey/{id}}.
 * A fetched key is kept only after it verified the token that named it.
 */
@ApplicationScoped
public class CrmPublicKeys {

    private static final Logger LOG = Logger.getLogger(CrmPublicKeys.class.getName());
    private static final int MAX_PEM_BYTES = 16384;

    private final Map<String, RSAPublicKey> memory = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @PersistenceContext
    EntityManager em;

    @Inject
    CrmPublicKeys self;

    /**
     * The key with this id that passes {@code verifies}; a fetched key that does not verify is not kept.
     * Throws {@link AccessDenied} when no such key can be had.
     */
    public RSAPublicKey verifiedKey(String keyId, URI keyUri, Predicate<RSAPublicKey> verifies) {
        RSAPublicKey known = memory.computeIfAbsent(keyId, id -> self.stored(id));
        if (known != null) {
            return requireVerifies(known, verifies);
        }
        String pem = fetch(keyUri);
        RSAPublicKey fetched = requireVerifies(PemKeys.rsaPublicKey(pem), verifies);
        try {
            self.store(keyId, pem);
        } catch (RuntimeException e) {
            // Another request stored it first, or the database is busy: the key still verified this token.
            LOG.log(Level.FINE, "Public key " + keyId + " not stored", e);
        }
        memory.put(keyId, fetched);
        return fetched;
    }

    private static RSAPublicKey requireVerifies(RSAPublicKey key, Predicate<RSAPublicKey> verifies) {
        if (!verifies.test(key)) {
            throw new AccessDenied("Token signature is invalid");
        }
        return key;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public RSAPublicKey stored(String keyId) {
        CrmPublicKey key = em.find(CrmPublicKey.class, keyId);
        return key == null ? null : PemKeys.rsaPublicKey(key.pem());
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void store(String keyId, String pem) {
        if (em.find(CrmPublicKey.class, keyId) == null) {
            em.persist(new CrmPublicKey(keyId, pem, System.currentTimeMillis()));
        }
    }

    private String fetch(URI keyUri) {
        HttpRequest request = HttpRequest.newBuilder(keyUri).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new AccessDenied("The CRM public key could not be fetched (HTTP " + response.statusCode() + ")");
                }
                byte[] bytes = body.readNBytes(MAX_PEM_BYTES + 1);
                if (bytes.length > MAX_PEM_BYTES) {
                    throw new AccessDenied("The CRM public key is too large");
                }
                return new String(bytes, StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new AccessDenied("The CRM public key could not be fetched", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccessDenied("The CRM public key could not be fetched", e);
        }
    }
}
