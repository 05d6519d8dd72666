package com.salesrender.plugin.chat.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerWatchTest {

    private static List<String> read(String addressList) {
        return BrokerWatch.brokers(addressList).stream()
                .map(InetSocketAddress::toString)
                .toList();
    }

    @Test
    void hostAndPortPairs() {
        assertEquals(List.of("mq1/<unresolved>:7677", "10.0.0.2/<unresolved>:27732"), read("mq1:7677, 10.0.0.2:27732"));
    }

    @Test
    void openMqUrlsAndTheDefaultPort() {
        assertEquals(
                List.of("mq1/<unresolved>:7676", "mq2/<unresolved>:7680", "mq3/<unresolved>:7676"),
                read("mq://mq1/jms,mq://mq2:7680/jms,mq3"));
    }

    @Test
    void noAddressesNoBrokers() {
        assertEquals(List.of(), read(""));
        assertEquals(List.of(), read(" , "));
    }
}
