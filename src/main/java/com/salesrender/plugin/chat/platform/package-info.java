/**
 * The ground floor: what every package may use, such as strict JSON reading, the one error shape ({@code ApiError}),
 * work after a commit, the bearer-token check, secrets at rest, the end of the process and the spans of a message's
 * trace ({@code Traces}). Besides the server's APIs (Jakarta EE, MicroProfile, OpenTelemetry) it may use only the
 * plugin API and imports no other package of the core, so it never pulls a capability in.
 */
package com.salesrender.plugin.chat.platform;
