package dev.stratum.migrations.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources at test time (the JDK's compiler), against the test class path. */
public final class TestCompiler {
    private TestCompiler() {}

    /**
     * Compiles {@code sources} (class name to source text) into {@code outputDir}, with full debug
     * information unless {@code options} say otherwise (e.g. {@code -g:none}).
     *
     * @return the output directory
     */
    public static Path compile(Path outputDir, Map<String, String> sources, String... options) throws IOException {
        Path src = Files.createTempDirectory(outputDir.getParent(), "src");
        List<String> args = new ArrayList<>(List.of("-d", outputDir.toString(), "-classpath", System.getProperty("java.class.path"),
                "-nowarn", "-proc:none"));
        args.addAll(options.length == 0 ? List.of("-g") : List.of(options));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("tests need a JDK (no system Java compiler)");
        }
        Files.createDirectories(outputDir);
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("javac failed with " + rc);
        }
        return outputDir;
    }

    /** Packs a directory of classes into a jar, with or without directory entries. */
    public static Path jar(Path classesDir, Path jarFile, boolean directoryEntries) throws IOException {
        try (OutputStream out = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classesDir)) {
            for (Path p : files.sorted().toList()) {
                String name = classesDir.relativize(p).toString().replace('\\', '/');
                if (name.isEmpty()) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    if (directoryEntries) {
                        jar.putNextEntry(new JarEntry(name + "/"));
                        jar.closeEntry();
                    }
                } else {
                    jar.putNextEntry(new JarEntry(name));
                    jar.write(Files.readAllBytes(p));
                    jar.closeEntry();
                }
            }
        }
        return jarFile;
    }
}
