package dev.stratum.migrations.internal;

import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationException;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@link Migration} classes in a package (and its sub-packages) on the class path, with the
 * JDK only: the class loader's resources of the package folder, read as directories ({@code file:}
 * URLs) or jar entries ({@code jar:} URLs, including nested jars whose URL handler is installed, as
 * in Spring Boot). If the loader reports no folder (jars built without directory entries), the
 * jars of {@code java.class.path} are searched too.
 *
 * <p>A class is taken when it is concrete, implements {@code Migration}, is top-level or a static
 * member class, and has a no-argument constructor.
 */
public final class ClasspathScanner {
    private static final Logger log = LoggerFactory.getLogger(ClasspathScanner.class);

    private ClasspathScanner() {}

    /** Instantiates every migration class found under {@code packageName}, in class-name order. */
    public static List<Migration> scan(String packageName, ClassLoader loader) {
        List<Migration> found = new ArrayList<>();
        for (String className : classNames(packageName, loader)) {
            Class<?> type;
            try {
                type = Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new MigrationException("cannot load class " + className + " found while scanning '" + packageName + "' for migrations", e);
            }
            if (isMigrationClass(type)) {
                found.add(instantiate(type.asSubclass(Migration.class)));
            }
        }
        log.debug("found {} migration(s) in package {}", found.size(), packageName);
        return found;
    }

    /** The names of all classes under a package, sorted. */
    static Set<String> classNames(String packageName, ClassLoader loader) {
        String path = packageName.replace('.', '/');
        Set<String> names = new TreeSet<>();
        boolean folderFound = false;
        try {
            Enumeration<URL> urls = loader.getResources(path);
            while (urls.hasMoreElements()) {
                folderFound = true;
                URL url = urls.nextElement();
                if (url.getProtocol().equals("file")) {
                    scanDirectory(toPath(url), packageName, names);
                } else {
                    scanJarUrl(url, path, names);
                }
            }
            if (!folderFound) {
                scanClassPathJars(path, names);
            }
        } catch (IOException e) {
            throw new MigrationException("cannot scan package '" + packageName + "' for migrations: " + e.getMessage(), e);
        }
        return names;
    }

    private static Path toPath(URL url) {
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Paths.get(url.getPath());
        }
    }

    private static void scanDirectory(Path dir, String packageName, Set<String> names) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".class")).forEach(f -> {
                String relative = dir.relativize(f).toString().replace(File.separatorChar, '.');
                addClassName(packageName + "." + relative.substring(0, relative.length() - ".class".length()), names);
            });
        }
    }

    private static void scanJarUrl(URL url, String path, Set<String> names) throws IOException {
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            log.warn("cannot scan {} for migrations: unsupported URL protocol '{}'", url, url.getProtocol());
            return;
        }
        jarConnection.setUseCaches(false);
        try (JarFile jar = jarConnection.getJarFile()) {
            scanJar(jar, path, names);
        }
    }

    private static void scanClassPathJars(String path, Set<String> names) throws IOException {
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && Files.isRegularFile(Paths.get(entry))) {
                try (JarFile jar = new JarFile(entry)) {
                    scanJar(jar, path, names);
                }
            }
        }
    }

    private static void scanJar(JarFile jar, String path, Set<String> names) {
        String prefix = path + "/";
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.startsWith(prefix) && name.endsWith(".class")) {
                addClassName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), names);
            }
        }
    }

    private static void addClassName(String className, Set<String> names) {
        if (!className.endsWith("package-info") && !className.endsWith("module-info")) {
            names.add(className);
        }
    }

    private static boolean isMigrationClass(Class<?> type) {
        int mods = type.getModifiers();
        return Migration.class.isAssignableFrom(type) && !type.isInterface() && !Modifier.isAbstract(mods)
                && !type.isAnonymousClass() && !type.isLocalClass() && !type.isSynthetic()
                && (!type.isMemberClass() || Modifier.isStatic(mods));
    }

    private static Migration instantiate(Class<? extends Migration> type) {
        try {
            Constructor<? extends Migration> constructor = type.getDeclaredConstructor();
            if (!Modifier.isPublic(constructor.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
                constructor.setAccessible(true);
            }
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new MigrationException("migration class " + type.getName() + " needs a no-argument constructor", e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MigrationException("cannot instantiate migration class " + type.getName() + ": " + cause, cause);
        }
    }
}
