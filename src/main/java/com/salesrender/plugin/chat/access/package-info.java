/**
 * Who is asking: verifies the CRM's tokens (RS512, the signing key fetched from the issuer and cached) and tells which
 * plugin reference a request speaks for. {@code StoredReference} keeps a reference as columns of a row, so every
 * package finds a reference's rows the same way; {@code ReferenceSecrets} seals a plugin's secrets for its reference.
 * It may use only {@code platform} and the plugin API.
 */
package com.salesrender.plugin.chat.access;
