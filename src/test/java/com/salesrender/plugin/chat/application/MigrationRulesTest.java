package com.salesrender.plugin.chat.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/operations.md ("Upgrades and rollback") on the core's migration scripts: a script may only add to
 * the schema (tables, nullable columns, indexes, sequences), so that the version before keeps working on it during a
 * rolling upgrade and after a rollback. A statement that takes something away or changes what is there (a drop, a
 * rename, a type change, NOT NULL on a column, a rewrite of stored rows) fails here unless its script is listed below
 * with the reason, and the operations guide's table classifies every script as this list does.
 */
class MigrationRulesTest {

    private static final Path SCRIPTS = Path.of("src/main/resources/db");
    private static final Path GUIDE = Path.of("docs/operations.md");

    /** What a statement does that the version before may not survive, by the words that do it. */
    private static final Map<String, Pattern> CONTRACT = Map.of(
            "drops something",
            Pattern.compile("\\bDROP\\s+(TABLE|COLUMN|CONSTRAINT|INDEX|SEQUENCE|VIEW|SCHEMA)\\b"),
            "renames something",
            Pattern.compile("\\bRENAME\\b"),
            "changes a column's type",
            Pattern.compile("\\bALTER\\s+COLUMN\\s+\\S+\\s+(SET\\s+DATA\\s+)?TYPE\\b"),
            "makes a column NOT NULL",
            Pattern.compile("\\bSET\\s+NOT\\s+NULL\\b"),
            "adds a NOT NULL column without a default",
            Pattern.compile("\\bADD\\s+(COLUMN\\s+)?(?!CONSTRAINT\\b)\\S+\\s+(?!.*\\bDEFAULT\\b).*\\bNOT\\s+NULL\\b"),
            "adds a constraint to an existing table",
            Pattern.compile("\\bADD\\s+(CONSTRAINT|PRIMARY\\s+KEY|UNIQUE|FOREIGN\\s+KEY|CHECK)\\b"),
            "rewrites or deletes stored rows",
            Pattern.compile("\\b(UPDATE\\s+\\S+\\s+SET|DELETE\\s+FROM|TRUNCATE)\\b"));

    /** Whether a listed script keeps the version before working (expand) or not (contract). */
    enum Phase {
        EXPAND,
        CONTRACT
    }

    record Reason(Phase phase, String why) {}

    /** The scripts that do one of the above, each with its phase and why: the table of docs/operations.md. */
    private static final Map<String, Reason> LISTED = Map.of(
            "V5__chat_order.sql",
            new Reason(Phase.EXPAND, "the UPDATE fills the columns the script adds; the version before reads neither"),
            "V6__task_event_order.sql",
            new Reason(Phase.EXPAND, "the UPDATE fills the column the script adds"),
            "V8__live_chat_key.sql",
            new Reason(Phase.EXPAND, "the UPDATE fills the column the script adds"),
            "V10__length_prefixed_reference_keys.sql",
            new Reason(
                    Phase.CONTRACT,
                    "rewrites chat keys into a form the version before does not write: beside it, one chat's messages"
                            + " would sit under two keys and lose their order"),
            "V11__key_addresses_and_registration_order.sql",
            new Reason(
                    Phase.CONTRACT,
                    "drops crm_public_key and makes it again keyed by address: the version before reads key_id"),
            "V12__chat_order_from_the_database.sql",
            new Reason(
                    Phase.CONTRACT,
                    "moves stored order numbers below a new sequence: the version before writes clock-based numbers,"
                            + " which would sort after every message stored by the new one"),
            "V14__encrypted_secrets.sql",
            new Reason(
                    Phase.EXPAND,
                    "widens hpt from 1024 to 2048 characters: every value the version before writes" + " still fits"),
            "V17__crm_answer_code.sql",
            new Reason(
                    Phase.EXPAND,
                    "the UPDATE fills the column the script adds from last_error, which the version"
                            + " before still writes and reads"),
            "V21__unused_chat_index.sql",
            new Reason(
                    Phase.EXPAND,
                    "drops the (chat_key, accepted_seq) index, which no version since V8 reads (a chat's order is read"
                            + " by live_chat_key); the versions before V8 cannot run on a schema past V10 anyway"));

    private static final Pattern GUIDE_ROW =
            Pattern.compile("^\\| `(V\\d+)` \\| (expand|contract) \\|", Pattern.MULTILINE);

    @Test
    void everyScriptOnlyAddsToTheSchemaUnlessItIsListedWithItsReason() throws IOException {
        Map<String, List<String>> findings = findings();
        List<String> unlisted = new ArrayList<>();
        findings.forEach((script, found) -> {
            if (!found.isEmpty() && !LISTED.containsKey(script)) {
                unlisted.add(script + ": " + found);
            }
        });
        assertEquals(
                List.of(),
                unlisted,
                "A migration that takes something away or changes it breaks the version still running beside it and"
                        + " a rollback: add to the schema now, take away in a later release (docs/operations.md,"
                        + " \"Upgrades and rollback\"), or list the script here and in that table with its reason");
        for (String script : LISTED.keySet()) {
            assertTrue(findings.containsKey(script), script + " is listed but there is no such script");
            assertFalse(findings.get(script).isEmpty(), script + " is listed but does nothing the rules name");
        }
    }

    @Test
    void theOperationsGuideClassifiesEveryScriptAsTheListDoes() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (String script : findings().keySet()) {
            String version = script.substring(0, script.indexOf("__"));
            Reason reason = LISTED.get(script);
            String phase = reason == null ? "expand" : reason.phase().name().toLowerCase(Locale.ROOT);
            // A version with a script per database (V15) is one row.
            expected.merge(version, phase, (a, b) -> a.equals("contract") ? a : b);
        }
        Map<String, String> documented = new TreeMap<>();
        Matcher row = GUIDE_ROW.matcher(Files.readString(GUIDE, StandardCharsets.UTF_8));
        while (row.find()) {
            assertEquals(null, documented.put(row.group(1), row.group(2)), row.group(1) + " is in the guide twice");
        }
        assertEquals(expected, documented, "docs/operations.md's table of migrations (right) and this test (left)");
    }

    @Test
    void theRulesCatchWhatTheySay() {
        assertEquals(List.of("drops something"), check("ALTER TABLE t DROP COLUMN c"));
        assertEquals(List.of("renames something"), check("ALTER TABLE t RENAME COLUMN a TO b"));
        assertEquals(List.of("changes a column's type"), check("ALTER TABLE t ALTER COLUMN c TYPE BIGINT"));
        assertEquals(List.of("makes a column NOT NULL"), check("ALTER TABLE t ALTER COLUMN c SET NOT NULL"));
        assertEquals(
                List.of("adds a NOT NULL column without a default"),
                check("ALTER TABLE t ADD COLUMN c INTEGER NOT NULL"));
        assertEquals(List.of(), check("ALTER TABLE t ADD COLUMN c INTEGER DEFAULT 0 NOT NULL"));
        assertEquals(List.of(), check("ALTER TABLE t ADD COLUMN c BIGINT"));
        assertEquals(
                List.of("adds a constraint to an existing table"), check("ALTER TABLE t ADD CONSTRAINT u UNIQUE (c)"));
        assertEquals(List.of("rewrites or deletes stored rows"), check("DELETE FROM t"));
        assertEquals(List.of(), check("CREATE TABLE t (id VARCHAR(36) NOT NULL PRIMARY KEY, c BIGINT)"));
        assertEquals(List.of(), check("CREATE INDEX t_c ON t (c)"));
    }

    /** Every script under db/ (common and per database) with what the rules find in it. */
    private static Map<String, List<String>> findings() throws IOException {
        Map<String, List<String>> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SCRIPTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                List<String> found = new ArrayList<>();
                for (String statement : statements(Files.readString(file, StandardCharsets.UTF_8))) {
                    check(statement).forEach(rule -> found.add(rule + " (" + statement + ")"));
                }
                all.merge(file.getFileName().toString(), found, (a, b) -> {
                    List<String> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                });
            }
        }
        assertTrue(all.size() >= 19, "the scripts are read from " + SCRIPTS.toAbsolutePath());
        return all;
    }

    private static List<String> check(String statement) {
        String normalized = statement.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        return CONTRACT.entrySet().stream()
                .filter(rule -> rule.getValue().matcher(normalized).find())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** The statements of a script, without comments. */
    private static List<String> statements(String script) {
        String code = script.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
        return Stream.of(code.split(";"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
