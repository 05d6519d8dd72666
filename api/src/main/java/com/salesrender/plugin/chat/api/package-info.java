/**
 * The plugin API: everything a chat plugin's author touches, and nothing of the core's insides. A plugin is a WAR
 * overlay of the core WAR (the archetype {@code chat-plugin-archetype} generates the project); its code compiles
 * against this package only ({@code chat-plugin-api}, scope provided: the core WAR carries it).
 *
 * <h2>Sending: {@link com.salesrender.plugin.chat.api.ChatSender}</h2>
 *
 * The one interface to implement. The core calls it for every message the CRM hands over, once per attempt, outside any
 * transaction, with an {@link com.salesrender.plugin.chat.api.OutgoingChat}: whose plugin it is
 * ({@link com.salesrender.plugin.chat.api.PluginReference}), the {@link com.salesrender.plugin.chat.api.Chat} (contact,
 * subject, {@link com.salesrender.plugin.chat.api.Message} with its text and attachments) and the attempt number.
 * Return when the gateway took the message; throw to have it tried again later; throw
 * {@link com.salesrender.plugin.chat.api.RetryLater} when the gateway says "not now", and
 * {@link com.salesrender.plugin.chat.api.Undeliverable} when it says "never" (the message fails at once). Replace the
 * shipped sender with
 *
 * <pre>
 * &#64;ApplicationScoped &#64;Alternative &#64;Priority(ChatSender.PRIORITY)
 * public class AcmeChatSender implements ChatSender { ... }
 * </pre>
 *
 * <h2>Reporting back to the CRM</h2>
 *
 * The core provides these beans; inject them ({@code @Inject}) in the sender or in a gateway webhook:
 *
 * <ul>
 *   <li>{@link com.salesrender.plugin.chat.api.MessageStatuses}: what became of a message
 *       ({@link com.salesrender.plugin.chat.api.MessageStatus}: sent, delivered, read, error);
 *   <li>{@link com.salesrender.plugin.chat.api.IncomingChats}: what a customer wrote, forwarded to the CRM (once per
 *       gateway id);
 *   <li>{@link com.salesrender.plugin.chat.api.Uploads}: the bytes of an attachment uploaded to this plugin
 *       ({@link com.salesrender.plugin.chat.api.UploadedFile}), and the files a plugin stores for the CRM;
 *   <li>{@link com.salesrender.plugin.chat.api.Settings}: what each company saved in the settings form.
 * </ul>
 *
 * Both report and forward are durable: the core queues them and retries until the CRM takes them.
 *
 * <h2>Work for later: {@link com.salesrender.plugin.chat.api.PluginJobs}</h2>
 *
 * What a plugin must do later (report {@code delivered} when the gateway's receipt is due, poll a delivery report,
 * forward a reply) is a {@link com.salesrender.plugin.chat.api.PluginJob}, stored in the database like an outgoing
 * message, so it survives a restart or a crash; a {@link com.salesrender.plugin.chat.api.PluginJobHandler} bean of the
 * plugin runs the jobs of its type, once each, retried when it throws.
 *
 * <h2>The incoming side: registered companies, their events, their secrets</h2>
 *
 * {@link com.salesrender.plugin.chat.api.RegisteredReferences} lists the registered plugin references page by page (a
 * poller walks them); the CDI events {@link com.salesrender.plugin.chat.api.PluginRegistered} and
 * {@link com.salesrender.plugin.chat.api.SettingsSaved}, observed {@code during = TransactionPhase.AFTER_SUCCESS}, tell
 * the instance that took the request that a company registered or saved its settings;
 * {@link com.salesrender.plugin.chat.api.PluginSecrets} seals a plugin's own secrets for one reference with the core's
 * key ({@link com.salesrender.plugin.chat.api.SecretRefused} when a value cannot be opened), and reseals a value sealed
 * with a previous key after the key's rotation (the core cannot reach a plugin's tables). Work that runs for each
 * company (a mailbox poller, a socket to the gateway) is a {@link com.salesrender.plugin.chat.api.ReferenceWorker}
 * bean: the core runs it on one instance at a time, under a {@link com.salesrender.plugin.chat.api.WorkLease} that ends
 * when the company saves its settings again.
 *
 * <h2>Settings: {@link com.salesrender.plugin.chat.api.SettingsForm}</h2>
 *
 * A plugin describes its settings form as a CDI producer of a {@code SettingsForm} (groups of
 * {@link com.salesrender.plugin.chat.api.FieldGroup}, fields of {@link com.salesrender.plugin.chat.api.Field}); the
 * core serves it to the CRM, validates what is saved and hands it back through {@code Settings}. A
 * {@link com.salesrender.plugin.chat.api.SettingsCheck} of the plugin may refuse a save the gateway would not take
 * ({@link com.salesrender.plugin.chat.api.FieldErrors}); an {@link com.salesrender.plugin.chat.api.Autocomplete},
 * {@link com.salesrender.plugin.chat.api.TablePreview} or {@link com.salesrender.plugin.chat.api.MarkdownPreview} bean,
 * found by name, answers a dynamic field of the form ({@link com.salesrender.plugin.chat.api.FieldRequest}).
 *
 * <h2>Refusals</h2>
 *
 * {@link com.salesrender.plugin.chat.api.Refusal} and its subclasses carry the HTTP status their caller gets:
 * {@link com.salesrender.plugin.chat.api.NotRegistered} (the company has not registered the plugin, 404) and
 * {@link com.salesrender.plugin.chat.api.InvalidChatPayload} (a chat that breaks a protocol rule, 405). Catch them, or
 * let them out of a request: the answer is then {@code {"code": status, "message": ...}}.
 *
 * <p>The types here depend on the Jakarta EE API only; anything outside this package may change from one core version
 * to the next without notice.
 */
package com.salesrender.plugin.chat.api;
