/**
 * The shell around the plugin: the JAX-RS application, one error shape for every answer, CORS, the body limit,
 * readiness, database migrations, the embedded database's compaction, the graceful stop, data retention and the sweep
 * that reseals the core's secrets after a key rotation. It is the top floor, so it may use the packages below it
 * ({@code task}, {@code crm}, {@code upload}, {@code platform}) and the plugin API, and no package uses it.
 */
package com.salesrender.plugin.chat.application;
