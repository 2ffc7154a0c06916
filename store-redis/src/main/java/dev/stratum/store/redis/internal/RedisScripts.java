package dev.stratum.store.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Stratum's Lua scripts (resources next to this class, each prefixed with {@code lib.lua}; the query
 * script is four files concatenated, and {@code tie_groups.lua} is shared by it and the window script), run with
 * {@code EVALSHA}. The SHA-1 is computed locally; a server that does not have the script yet
 * ({@code NOSCRIPT}, e.g. after a restart or on a new cluster node) gets it through one {@code EVAL},
 * which also caches it. EVAL/EVALSHA rather than FUNCTION: works on Redis 6.2 and 7.x alike.
 */
public final class RedisScripts {
    /** The scripts. */
    public enum Script {
        WRITE("declared", "write"), DELETE("declared", "delete"), PURGE("declared", "purge"), REPAIR("declared", "repair"),
        QUERY("query_filter", "tie_groups", "query_order", "query_modes"), QUERY_WINDOW("tie_groups", "query_window"),
        MIGRATION("migration");

        private final String files; // space-separated (a String keeps the enum immutable)

        Script(String... files) {
            this.files = String.join(" ", files);
        }
    }

    @SuppressWarnings("ArrayRecordComponent") // the script text as sent; never compared
    private record Loaded(byte[] body, String sha) {}

    private final RedisConnector connector;
    private final Map<Script, Loaded> scripts = new EnumMap<>(Script.class);

    public RedisScripts(RedisConnector connector) {
        this.connector = connector;
        String lib = resource("lib");
        for (Script s : Script.values()) {
            StringBuilder text = new StringBuilder(lib);
            for (String f : s.files.split(" ")) {
                text.append('\n').append(resource(f));
            }
            byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
            scripts.put(s, new Loaded(body, sha1(body)));
        }
    }

    private static String resource(String name) {
        try (InputStream in = RedisScripts.class.getResourceAsStream("lua/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script " + name + ".lua next to " + RedisScripts.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Lua script " + name, e);
        }
    }

    private static String sha1(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Loaded loaded(Script script) {
        return Objects.requireNonNull(scripts.get(script), () -> "script " + script + " not loaded"); // the constructor loads each
    }

    /** Runs a script synchronously. @throws RuntimeException Lettuce's, for the caller to translate */
    @SuppressWarnings("TypeParameterUnusedInFormals") // as Lettuce's evalsha: the output type decides T
    public <T> T run(Script script, ScriptOutputType type, String[] keys, byte[]... args) {
        Loaded s = loaded(script);
        try {
            return connector.sync().evalsha(s.sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return connector.sync().eval(s.body, type, keys, args);
        }
    }

    /** Sends a script without waiting (pipelined with other sends on the shared connection). */
    public <T> CompletableFuture<T> runAsync(Script script, ScriptOutputType type, String[] keys, byte[]... args) {
        Loaded s = loaded(script);
        RedisClusterAsyncCommands<String, byte[]> async = connector.async();
        CompletableFuture<T> first = async.<T>evalsha(s.sha, type, keys, args).toCompletableFuture();
        return first.exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException) {
                return async.<T>eval(s.body, type, keys, args).toCompletableFuture();
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /**
     * Sends one script call per element of {@code keys}/{@code args} with a {@link ScriptOutputType#MULTI}
     * reply, all in one write and one flush ({@link RedisConnector#dispatch}), and returns their replies in
     * order. A call the server answers {@code NOSCRIPT} is sent again as one {@code EVAL} (flushed at once).
     */
    public List<CompletableFuture<List<Object>>> runBatchAsync(Script script, List<String[]> keys, List<byte[][]> args) {
        Loaded s = loaded(script);
        List<AsyncCommand<String, byte[], List<Object>>> commands = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            CommandArgs<String, byte[]> a = new CommandArgs<>(RedisConnector.CODEC).add(s.sha).add(keys.get(i).length)
                    .addKeys(keys.get(i)).addValues(args.get(i));
            commands.add(new AsyncCommand<>(new Command<>(CommandType.EVALSHA, new NestedMultiOutput<>(RedisConnector.CODEC), a)));
        }
        connector.dispatch(commands);
        List<CompletableFuture<List<Object>>> out = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            String[] k = keys.get(i);
            byte[][] v = args.get(i);
            out.add(commands.get(i).exceptionallyCompose(e -> {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof RedisNoScriptException) {
                    return connector.async().<List<Object>>eval(s.body, ScriptOutputType.MULTI, k, v).toCompletableFuture();
                }
                return CompletableFuture.failedFuture(cause);
            }));
        }
        return out;
    }

    /** Deletes a key without waiting (temporary keys; they expire anyway). */
    public void deleteKey(String key) {
        var unused = connector.async().del(key); // fire and forget: the key expires anyway
    }

    /** Bytes of a string argument. */
    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
