package io.harnessgym.text;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML, the format CI systems show natively (GitHub, GitLab, Jenkins): one {@code testsuites}
 * with one {@code testsuite}. Written by a StAX writer (never by concatenation), with every text
 * stripped of characters XML 1.0 cannot carry.
 */
public final class JUnitXml {
    private JUnitXml() {}

    /** A failed case's one-line message and its details. */
    public record Failure(String type, String message, String details) {}

    /** One test case: a failure, or null when it passed; what it printed, or null. */
    public record Case(
            String classname, String name, double seconds, Failure failure, String systemOut) {}

    /** The suite: the outer and inner names, when it ran (ISO, no zone), its cases. */
    public record Suite(
            String name, String suiteName, String timestamp, double seconds, List<Case> cases) {
        public Suite {
            cases = List.copyOf(cases);
        }
    }

    public static byte[] render(Suite suite) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml =
                    XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
            String tests = String.valueOf(suite.cases().size());
            String failures =
                    String.valueOf(suite.cases().stream().filter(c -> c.failure() != null).count());
            String time = seconds(suite.seconds());
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", clean(suite.name()));
            xml.writeAttribute("tests", tests);
            xml.writeAttribute("failures", failures);
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("time", time);
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", clean(suite.suiteName()));
            xml.writeAttribute("tests", tests);
            xml.writeAttribute("failures", failures);
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("time", time);
            xml.writeAttribute("timestamp", clean(suite.timestamp()));
            for (Case test : suite.cases()) {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", clean(test.classname()));
                xml.writeAttribute("name", clean(test.name()));
                xml.writeAttribute("time", seconds(test.seconds()));
                if (test.failure() != null) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("type", clean(test.failure().type()));
                    xml.writeAttribute("message", clean(test.failure().message()));
                    xml.writeCharacters(clean(test.failure().details()));
                    xml.writeEndElement();
                }
                if (test.systemOut() != null) {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(clean(test.systemOut()));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return bytes.toByteArray();
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    /** Drops what XML 1.0 cannot hold (controls other than tab and newline, lone surrogates). */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints()
                .filter(
                        c ->
                                c == '\t'
                                        || c == '\n'
                                        || (c >= 0x20 && c <= 0xD7FF)
                                        || (c >= 0xE000 && c <= 0xFFFD)
                                        || c >= 0x10000)
                .forEach(out::appendCodePoint);
        return out.toString();
    }
}
