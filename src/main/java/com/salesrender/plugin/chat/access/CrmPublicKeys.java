package com.salesrender.plugin.chat.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The CRM's public keys by the address they are published at (issuer host and key id together): memory, then the
 * database, then a guarded fetch ({@link CrmKeyFetch}). A fetched key is stored only after it verified the token that
 * named it.
 */
@ApplicationScoped
public class CrmPublicKeys {

    private static final Logger LOG = Logger.getLogger(CrmPublicKeys.class.getName());

    private final Map<KeyAddress, RSAPublicKey> memory = new ConcurrentHashMap<>();

    @PersistenceContext
    EntityManager em;

    @Inject
    CrmPublicKeys self;

    @Inject
    CrmKeyFetch fetch;

    /**
     * The key published at {@code address} that passes {@code verifies}; a fetched key that does not verify is not
     * stored. Throws {@link AccessDenied} when no such key can be had.
     */
    public RSAPublicKey verifiedKey(KeyAddress address, Predicate<RSAPublicKey> verifies) {
        RSAPublicKey known = memory.computeIfAbsent(address, a -> self.stored(a.toString()));
        if (known != null) {
            return requireVerifies(known, verifies);
        }
        RSAPublicKey fetched = requireVerifies(fetch.fetch(address), verifies);
        try {
            self.store(address.toString(), PemKeys.pem(fetched));
        } catch (RuntimeException e) {
            // Another request stored it first, or the database is busy: the key still verified this token.
            LOG.log(Level.FINE, "Public key " + address + " not stored", e);
        }
        memory.put(address, fetched);
        return fetched;
    }

    private static RSAPublicKey requireVerifies(RSAPublicKey key, Predicate<RSAPublicKey> verifies) {
        if (!verifies.test(key)) {
            throw new AccessDenied("Token signature is invalid");
        }
        return key;
    }

    /** In a transaction, though only a read: see {@code Registrations.find}. */
    @Transactional
    public RSAPublicKey stored(String keyUri) {
        CrmPublicKey key = em.find(CrmPublicKey.class, keyUri);
        return key == null ? null : PemKeys.rsaPublicKey(key.pem());
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void store(String keyUri, String pem) {
        if (em.find(CrmPublicKey.class, keyUri) == null) {
            em.persist(new CrmPublicKey(keyUri, pem, System.currentTimeMillis()));
        }
    }
}
