package com.salesrender.plugin.chat.platform;

import jakarta.persistence.Query;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One batch of the sweep that reseals stored secrets with the current key ({@link Secrets#reseal}): the rows it read
 * (ordered by id; the next batch starts after {@code lastId}), the values it resealed, and those no configured key
 * opens (left as they are).
 */
public record ResealedBatch(int read, int resealed, int unreadable, String lastId) {

    /**
     * The JPQL condition "{@code column} holds a value with one of the {@code count} prefixes of
     * {@link Secrets#resealablePrefixes}", bound by {@link #bindPrefixes}.
     */
    public static String holdsPrefix(String column, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> column + " LIKE :prefix" + i)
                .collect(Collectors.joining(" OR ", "(", ")"));
    }

    /**
     * Binds {@link #holdsPrefix}'s parameters: the column starts with a prefix, or, {@code inJson}, holds a JSON string
     * that does. The prefixes hold no {@code LIKE} wildcard.
     */
    public static <Q extends Query> Q bindPrefixes(Q query, List<String> prefixes, boolean inJson) {
        for (int i = 0; i < prefixes.size(); i++) {
            query.setParameter("prefix" + i, (inJson ? "%\"" : "") + prefixes.get(i) + "%");
        }
        return query;
    }
}
