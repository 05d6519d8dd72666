package com.salesrender.plugin.chat.task;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A remote broker lost, its wake-ups queued again within seconds. A broker that goes away takes the task messages it
 * held along (they are not persistent; in a broker cluster even a persistent one waits on the dead broker's disk until
 * it returns), while the instances' connections move on to the brokers left. The database still holds every task: when
 * one of the brokers of {@code plugin.broker.addresses} stops answering, this bean has the sweeper queue again every
 * due task queued before ({@link RetrySweeper#sweepAfterBrokerLoss}) a few seconds later, once connections have moved;
 * not at the minute's sweep after {@code plugin.queue.stale-after}. With the embedded broker there is nothing to watch:
 * it lives and dies with the instance, whose start sweeps.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BrokerWatch {

    private static final Logger LOG = Logger.getLogger(BrokerWatch.class.getName());

    /** How often each broker is looked at: a broker restarts in more than this, so none goes unnoticed. */
    static final Duration EVERY = Duration.ofSeconds(2);

    /** From a broker's loss to the sweep: the instances' connections move to the brokers left meanwhile. */
    static final Duration SETTLE = Duration.ofSeconds(3);

    private static final int OPENMQ_PORT = 7676;

    @Inject
    @ConfigProperty(name = "plugin.broker", defaultValue = "EMBEDDED")
    String brokerType;

    @Inject
    @ConfigProperty(name = "plugin.broker.addresses")
    Optional<String> addresses;

    @Inject
    RetrySweeper sweeper;

    @Resource
    TimerService timers;

    /** Each broker's address and whether it answered last time (absent: not looked at yet). */
    private final Map<InetSocketAddress, Boolean> answered = new LinkedHashMap<>();

    /** When a broker was lost and its wake-ups are not queued again yet; 0: none. */
    private long lostAt;

    @PostConstruct
    void start() {
        if (!"REMOTE".equals(brokerType)) {
            return;
        }
        brokers(addresses.orElse("")).forEach(broker -> answered.put(broker, null));
        if (!answered.isEmpty()) {
            timers.createIntervalTimer(EVERY.toMillis(), EVERY.toMillis(), new TimerConfig(null, false));
        }
    }

    @Timeout
    synchronized void look() {
        long now = System.currentTimeMillis();
        boolean anyAnswers = false;
        for (Map.Entry<InetSocketAddress, Boolean> broker : answered.entrySet()) {
            boolean answers = answers(broker.getKey());
            // Lost, or not there at the first look (the start's sweep could not queue through it).
            if (!Boolean.FALSE.equals(broker.getValue()) && !answers) {
                LOG.warning(() -> "The broker at " + broker.getKey().getHostString() + ":"
                        + broker.getKey().getPort()
                        + " does not answer: the task messages it held"
                        + " are queued again in " + SETTLE.toSeconds() + " s on the brokers left");
                lostAt = lostAt == 0 ? now : lostAt;
            }
            broker.setValue(answers);
            anyAnswers |= answers;
        }
        // With no broker left nothing can be queued; the sweep waits for one.
        if (lostAt != 0 && anyAnswers && now - lostAt >= SETTLE.toMillis()) {
            lostAt = 0;
            int queued = sweeper.sweepAfterBrokerLoss(now);
            LOG.info(() -> queued + " due tasks queued again after a broker's loss");
        }
    }

    private static boolean answers(InetSocketAddress broker) {
        try (Socket socket = new Socket()) {
            // Resolved at each look: a broker's name may move to another machine.
            socket.connect(new InetSocketAddress(broker.getHostString(), broker.getPort()), (int) EVERY.toMillis() / 2);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The brokers of an OpenMQ address list: {@code host:port}, {@code mq://host:port/jms} and the like, separated by
     * commas; the port defaults to OpenMQ's.
     */
    static List<InetSocketAddress> brokers(String addressList) {
        return List.of(addressList.split(",")).stream()
                .map(String::trim)
                .filter(address -> !address.isEmpty())
                .map(address -> {
                    String rest = address.contains("://") ? address.substring(address.indexOf("://") + 3) : address;
                    rest = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
                    int colon = rest.lastIndexOf(':');
                    return colon < 0
                            ? InetSocketAddress.createUnresolved(rest, OPENMQ_PORT)
                            : InetSocketAddress.createUnresolved(
                                    rest.substring(0, colon), Integer.parseInt(rest.substring(colon + 1)));
                })
                .toList();
    }
}
