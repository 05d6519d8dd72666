package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.IncomingChats;
import com.salesrender.plugin.chat.api.Message;
import com.salesrender.plugin.chat.api.MessageContent;
import com.salesrender.plugin.chat.api.MessageFormat;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.Uploads;
import com.salesrender.plugin.chat.application.Retention;
import com.salesrender.plugin.chat.upload.UploadStore;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only (in the test WAR, never in the product): calls {@link IncomingChats}, {@link Uploads} and
 * {@link MessageStatuses} as a plugin's code would, each inside a transaction of its own (begun here, committed or
 * rolled back as the test asks), and answers what came of it: the result, or the exception the API threw and whether
 * the transaction could still commit.
 */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN)
@Path("incoming-probe")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class IncomingProbe {

    @Inject
    IncomingChats incoming;

    @Inject
    Uploads uploads;

    @Inject
    MessageStatuses statuses;

    @Inject
    UploadStore store;

    @Inject
    Retention retention;

    @Resource
    UserTransaction transaction;

    /**
     * In one transaction: forwards {@code text} with the gateway id, then {@code companion} without one (when given),
     * keeps the transaction open for {@code holdMillis} (so forwards of the same id on other threads overlap with it),
     * then commits it, or rolls it back when {@code rollback}.
     */
    @POST
    @Path("forward/{company}/{alias}/{plugin}")
    public String forward(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @QueryParam("gatewayId") String gatewayId,
            @QueryParam("text") String text,
            @QueryParam("companion") String companion,
            @QueryParam("holdMillis") long holdMillis,
            @QueryParam("rollback") boolean rollback)
            throws Exception {
        PluginReference reference = new PluginReference(company, alias, plugin);
        transaction.begin();
        boolean forwarded;
        try {
            forwarded = incoming.forward(reference, gatewayId, chat(text));
            if (companion != null) {
                incoming.forward(reference, chat(companion));
            }
            Thread.sleep(holdMillis);
        } catch (RuntimeException refused) {
            return refused(refused).build().toString();
        }
        return ended(rollback).add("forwarded", forwarded).build().toString();
    }

    /**
     * Reports {@code status} for the message: inside a transaction begun here, then committed (or rolled back when
     * {@code rollback}), or with {@code outside}, outside any transaction, as a webhook does.
     */
    @POST
    @Path("report/{company}/{alias}/{plugin}")
    public String report(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @QueryParam("message") String message,
            @QueryParam("status") String status,
            @QueryParam("outside") boolean outside,
            @QueryParam("rollback") boolean rollback)
            throws Exception {
        PluginReference reference = new PluginReference(company, alias, plugin);
        MessageStatus reported = MessageStatus.valueOf(status.toUpperCase(Locale.ROOT));
        if (outside) {
            try {
                boolean queued = statuses.report(reference, message, reported);
                return Json.createObjectBuilder().add("queued", queued).build().toString();
            } catch (RuntimeException refused) {
                return Json.createObjectBuilder()
                        .add("refused", refused.getClass().getSimpleName())
                        .build()
                        .toString();
            }
        }
        transaction.begin();
        boolean queued;
        try {
            queued = statuses.report(reference, message, reported);
        } catch (RuntimeException refused) {
            return refused(refused).build().toString();
        }
        return ended(rollback).add("queued", queued).build().toString();
    }

    /**
     * In one transaction: stores the request body (or {@code generated} bytes of a stream that counts what was read
     * from it, -1: endless) under {@code name}, then commits, or rolls back when {@code rollback}.
     */
    @POST
    @Path("store/{company}/{alias}/{plugin}")
    public String store(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @QueryParam("name") String name,
            @QueryParam("type") String type,
            @QueryParam("generated") Long generated,
            @QueryParam("rollback") boolean rollback,
            InputStream body)
            throws Exception {
        PluginReference reference = new PluginReference(company, alias, plugin);
        Generated content = generated == null ? null : new Generated(generated);
        transaction.begin();
        String uri;
        try {
            uri = uploads.store(reference, name, type, content == null ? body : content)
                    .toString();
        } catch (RuntimeException refused) {
            JsonObjectBuilder answer = refused(refused);
            if (content != null) {
                answer.add("read", content.read.get());
            }
            return answer.build().toString();
        }
        return ended(rollback).add("uri", uri).build().toString();
    }

    @GET
    @Path("uploads/{company}")
    public String uploads(@PathParam("company") String company) {
        return Json.createObjectBuilder()
                .add("count", store.count(company))
                .build()
                .toString();
    }

    /** The retention run as it would go with the clock at {@code now} (epoch ms): the rows deleted by table. */
    @POST
    @Path("retention")
    public String retention(@QueryParam("now") long now) {
        JsonObjectBuilder deleted = Json.createObjectBuilder();
        retention.purge(now).forEach(deleted::add);
        return deleted.build().toString();
    }

    private JsonObjectBuilder ended(boolean rollback) throws Exception {
        if (rollback) {
            transaction.rollback();
        } else {
            transaction.commit();
        }
        return Json.createObjectBuilder().add("committed", !rollback);
    }

    /** What the API threw, and whether the transaction was still good to commit (then it is rolled back anyway). */
    private JsonObjectBuilder refused(RuntimeException refused) throws Exception {
        boolean usable = transaction.getStatus() == Status.STATUS_ACTIVE;
        transaction.rollback();
        return Json.createObjectBuilder()
                .add("refused", refused.getClass().getSimpleName())
                .add("message", String.valueOf(refused.getMessage()))
                .add("transactionUsable", usable);
    }

    private static Chat chat(String text) {
        return new Chat(
                null, "+15550100", null, new Message(null, new MessageContent(text, MessageFormat.TEXT), List.of()));
    }

    /** {@code size} bytes of 'x' (-1: without end), counting what was read. */
    private static final class Generated extends InputStream {
        private final long size;
        final AtomicLong read = new AtomicLong();

        Generated(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (size >= 0 && read.get() >= size) {
                return -1;
            }
            read.incrementAndGet();
            return 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            long left = size < 0 ? length : Math.min(length, size - read.get());
            if (left <= 0) {
                return -1;
            }
            Arrays.fill(buffer, offset, offset + (int) left, (byte) 'x');
            read.addAndGet(left);
            return (int) left;
        }
    }
}
