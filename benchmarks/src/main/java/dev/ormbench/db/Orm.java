package dev.ormbench.db;

import org.hibernate.Session;
import org.hibernate.query.SelectionQuery;

import java.io.IOException;
import java.io.InputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where the suite's code differs between the Hibernate lines it builds on: 7.x by default
 * (Spring Boot 4), 6.6 with {@code -Dhibernate.version=6.6.13.Final} (Spring Boot 3.5). Everything else is the same
 * source on both lines; what is here is decided at run time from the Hibernate on the class path.
 */
public final class Orm {

    /** Where the build puts hibernate-core's own manifest, unpacked from the resolved artifact (see the pom). */
    static final String HIBERNATE_MANIFEST = "META-INF/ormbench/hibernate-core/META-INF/MANIFEST.MF";

    private static final String VERSION = readVersion();
    private static final boolean LINE_6 = VERSION != null && VERSION.startsWith("6.");

    /** select LIST from ...: the select list of a query without {@code select new}. */
    private static final Pattern SELECT_LIST = Pattern.compile("(?is)^\\s*select\\s+(?!new\\s)(.+?)\\s+from\\s(.*)$");

    private Orm() {
    }

    /** The Hibernate version on the class path, as Hibernate's own classes or jar report it; {@code null} if unknown. */
    public static String version() {
        return VERSION;
    }

    /** Whether the Hibernate on the class path is of the 6 line: where the suite's code, or what it sends, differs. */
    public static boolean hibernate6() {
        return LINE_6;
    }

    /**
     * {@code session.createSelectionQuery(hql, type)}. A record {@code type} for a query selecting several values is
     * filled through its canonical constructor: Hibernate 7 matches {@code long} to the selected {@code Long}, 6.6
     * looks up a constructor of exactly the selected (boxed) types and fails. On 6.6 the query is therefore given as
     * Hibernate's own {@code select new Type(...)} of the same select list: the same SQL, the same constructor.
     */
    public static <R> SelectionQuery<R> createSelectionQuery(Session session, String hql, Class<R> type) {
        return session.createSelectionQuery(LINE_6 ? instantiating(hql, type) : hql, type);
    }

    /** {@code hql} with its select list wrapped in {@code new Type(...)} when {@code type} is a record; else as is. */
    static String instantiating(String hql, Class<?> type) {
        if (!type.isRecord()) return hql;
        Matcher m = SELECT_LIST.matcher(hql);
        if (!m.matches()) return hql;
        return "select new " + type.getName() + "(" + m.group(1) + ") from " + m.group(2);
    }

    /**
     * Hibernate 7 carries its version in {@code org.hibernate.Version}; Hibernate 6 reads it from its jar's manifest,
     * which benchmarks.jar does not keep (it reports {@code [WORKING]} there), hence the copy the build adds.
     */
    private static String readVersion() {
        String v = org.hibernate.Version.getVersionString();
        return v != null && !v.startsWith("[") ? v : manifestVersion();
    }

    /** The version in the copy of hibernate-core's manifest, or {@code null}. */
    static String manifestVersion() {
        try (InputStream in = Orm.class.getClassLoader().getResourceAsStream(HIBERNATE_MANIFEST)) {
            return in == null ? null : new Manifest(in).getMainAttributes().getValue("Implementation-Version");
        } catch (IOException e) {
            return null;
        }
    }
}
