/**
 * The durable task engine that outgoing messages, requests to the CRM and plugin jobs share: states, attempts, the
 * claim and its lease, the queue, and the retry and takeover sweeps. It knows nothing of its users; each one names its
 * queue and its policy through a {@code TaskKind}. It may use {@code access}, {@code platform} and the plugin API.
 */
package com.salesrender.plugin.chat.task;
