package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.access.CrmToken;
import com.salesrender.plugin.chat.access.CrmTokens;
import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.InvalidChatPayload;
import com.salesrender.plugin.chat.message.ChatPayload;
import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.DatabaseUnavailable;
import com.salesrender.plugin.chat.platform.JsonBodies;
import com.salesrender.plugin.chat.platform.MessageLog;
import com.salesrender.plugin.chat.platform.Traces;
import com.salesrender.plugin.chat.registration.Registrations;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /special/send}: the CRM hands over an outgoing chat message. 202 means it is stored durably. One instance
 * for every request (it keeps no request state): created per request, its injection was worked out anew each time.
 */
@ApplicationScoped
@Path("special/send")
@Tag(name = "crm")
public class SendResource {

    private static final Logger LOG = Logger.getLogger(SendResource.class.getName());

    /** On the accept span: false when the message id was known already (nothing new stored). */
    static final AttributeKey<Boolean> NEW_MESSAGE = AttributeKey.booleanKey("chat.message.new");

    @Inject
    CrmTokens tokens;

    @Inject
    Registrations registrations;

    @Inject
    ChatSends sends;

    @Inject
    AcceptGroups accepts;

    @Inject
    Traces traces;

    @Operation(
            summary = "Accepts an outgoing chat message from the CRM",
            description = "Body {\"request\": \"<JWT>\"}; the token's body claim is the chat payload. 202 means "
                    + "the message is stored durably and queued; a repeated message id is answered 202 and "
                    + "not sent twice.")
    @APIResponse(responseCode = "202", description = "Stored and queued (no body)")
    @APIResponse(responseCode = "400", description = "The body is not a JSON object or a form")
    @APIResponse(
            responseCode = "403",
            description = "The token is refused, or the plugin was not registered for this company")
    @APIResponse(
            responseCode = "405",
            description = "The chat payload breaks a protocol rule (empty message, "
                    + "blank text, unknown format or attachment type)")
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB")
    @APIResponse(responseCode = "500", description = "The message could not be stored")
    @APIResponse(
            responseCode = "503",
            description = "The database is not available (restarting, failing over) or the"
                    + " plugin is stopping: nothing was stored; send again after Retry-After")
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response send(@HeaderParam("Content-Type") String contentType, String body) {
        CrmToken token = tokens.verify(JsonBodies.field(body, contentType, "request"));
        registrations.requireRegistered(token.reference());
        Chat chat = ChatPayload.readOutgoing(payload(token.claim("body")));
        // The message's trace begins here: the task stores this span's context, and its attempts join it.
        Span accept = Traces.about(traces.span("chat.send accept", SpanKind.INTERNAL), token.reference())
                .setAttribute(Traces.MESSAGE, chat.message().id())
                .startSpan();
        try (Scope scope = accept.makeCurrent()) {
            accept.setAttribute(NEW_MESSAGE, accepts.accept(token.reference(), chat));
        } catch (RuntimeException e) {
            AfterFailure after = AfterFailure.lookUp(
                    () -> sends.find(token.reference(), chat.message().id()));
            if (after.stored()) {
                // A concurrent request with the same message id won the insert: that message is stored, all is well.
                accept.setAttribute(NEW_MESSAGE, false);
            } else {
                Traces.failed(accept, e);
                Optional<RuntimeException> away = after.databaseAway(e);
                if (away.isPresent()) {
                    throw away.get(); // answered 503 with Retry-After: the CRM sends it again
                }
                MessageLog.severe(
                        LOG,
                        token.reference(),
                        chat.message().id(),
                        () -> "Message " + chat.message().id() + " of " + token.reference() + " not stored",
                        e);
                throw ApiError.internal("Error while sending message via gateway");
            }
        } finally {
            accept.end();
        }
        return Response.accepted().build();
    }

    /** Whether the message of a failed accept is stored after all, as read just after the failure. */
    record AfterFailure(boolean stored, RuntimeException unreadable) {

        static AfterFailure lookUp(Supplier<Optional<?>> find) {
            try {
                return new AfterFailure(find.get().isPresent(), null);
            } catch (RuntimeException e) {
                return new AfterFailure(false, e);
            }
        }

        /**
         * The failure to answer 503 with, when the database is away: the accept's own failure says so, or the database
         * could not even be read just after it (a failure of a shape not known as an outage, such as a commit refused
         * without a cause, while the database restarts). A message stored all the same is not sent twice when the CRM
         * sends it again.
         */
        Optional<RuntimeException> databaseAway(RuntimeException failure) {
            if (DatabaseUnavailable.causes(failure)) {
                return Optional.of(failure);
            }
            if (unreadable != null && DatabaseUnavailable.causes(unreadable)) {
                unreadable.addSuppressed(failure);
                return Optional.of(unreadable);
            }
            return Optional.empty();
        }
    }

    /** The {@code body} claim is the payload object; a JSON text of it is accepted too. */
    private static JsonValue payload(JsonValue body) {
        if (body instanceof JsonString text) {
            try {
                return JsonBodies.read(text.getString());
            } catch (JsonException | IllegalStateException e) {
                throw new InvalidChatPayload("body claim is not valid JSON");
            }
        }
        if (body == null) {
            throw new InvalidChatPayload("body claim is missing");
        }
        return body;
    }
}
