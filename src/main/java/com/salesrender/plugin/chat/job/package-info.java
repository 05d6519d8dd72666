/**
 * Plugin jobs: work a plugin schedules for later through {@code PluginJobs}, stored as durable tasks so it survives a
 * crash. The plugin's {@code PluginJobHandler} runs each job once, inside the transaction that records its end. It may
 * use {@code task}, {@code registration}, {@code access}, {@code platform} and the plugin API.
 */
package com.salesrender.plugin.chat.job;
