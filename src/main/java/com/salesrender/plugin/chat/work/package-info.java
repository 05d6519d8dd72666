/**
 * Background work per plugin reference: the plugin's {@code ReferenceWorker} beans, each run for every registered
 * company whose saved settings it runs for, on one instance at a time. A lease row per (reference, worker) says which
 * instance holds the work and until when: taken by a conditional update while free, renewed while the work runs,
 * released when it ends, taken over once it has run out (its instance died). The settings' saved time is the lease's
 * settings version: a save ends the work, which starts again with the new settings. It may use {@code access},
 * {@code platform} and the plugin API; its queries read the {@code registration} and {@code plugin_settings} rows.
 */
package com.salesrender.plugin.chat.work;
