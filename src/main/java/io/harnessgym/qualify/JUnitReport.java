package io.harnessgym.qualify;

import io.harnessgym.registry.QualificationRecord.Verdict;
import io.harnessgym.workspace.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A qualification as JUnit XML, the format CI systems show natively (GitHub, GitLab, Jenkins): one
 * test case per artifact, its failed checks in the failure text. Written by a StAX writer (never by
 * concatenation), with agent-written text stripped of characters XML 1.0 cannot carry.
 */
public final class JUnitReport {
    private JUnitReport() {}

    public static void write(QualificationReport report, Path file) {
        AtomicFiles.write(file, render(report));
    }

    static byte[] render(QualificationReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml =
                    XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
            int tests = report.artifacts().size() + report.earlier().size();
            long failures =
                    report.artifacts().stream().filter(v -> !v.passed()).count()
                            + report.earlier().stream()
                                    .filter(e -> e.verdict() == Verdict.FAILED)
                                    .count();
            String time = String.format(Locale.ROOT, "%.3f", report.seconds());
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "harnessgym qualify");
            xml.writeAttribute("tests", String.valueOf(tests));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("time", time);
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "harnessgym qualification");
            xml.writeAttribute("tests", String.valueOf(tests));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("time", time);
            xml.writeAttribute("timestamp", report.createdAt().replaceFirst("Z$", ""));
            for (ArtifactVerdict verdict : report.artifacts()) {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "harnessgym." + clean(verdict.kind()));
                xml.writeAttribute("name", clean(verdict.artifactId()));
                xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", verdict.seconds()));
                if (!verdict.passed()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("type", "qualification");
                    xml.writeAttribute("message", clean(first(verdict.failureText())));
                    xml.writeCharacters(clean(details(verdict, report)));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            for (QualificationReport.Earlier earlier : report.earlier()) {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("testcase");
                String id = clean(earlier.artifactId());
                xml.writeAttribute(
                        "classname", "harnessgym." + id.substring(0, Math.max(0, id.indexOf(':'))));
                xml.writeAttribute("name", id);
                xml.writeAttribute("time", "0");
                if (earlier.verdict() == Verdict.FAILED) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("type", "qualification");
                    xml.writeAttribute("message", "failed earlier at this content digest");
                    xml.writeCharacters("report: " + clean(String.valueOf(earlier.reportPath())));
                    xml.writeEndElement();
                } else {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(
                            "qualified earlier at digest "
                                    + earlier.digest()
                                    + "; report: "
                                    + clean(String.valueOf(earlier.reportPath())));
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

    private static String details(ArtifactVerdict verdict, QualificationReport report) {
        StringBuilder text = new StringBuilder();
        for (CheckRecord check : verdict.checks()) {
            text.append(check.verdict() == Verdict.PASSED ? "passed " : "FAILED ")
                    .append(check.check().id())
                    .append(": ")
                    .append(check.message())
                    .append('\n');
            if (check.output() != null) {
                appendTail(text, "stdout", check.output().stdout());
                appendTail(text, "stderr", check.output().stderr());
            }
        }
        text.append("digest: ").append(verdict.digest()).append('\n');
        text.append("report: ").append(report.reportPath()).append('\n');
        return text.toString();
    }

    private static void appendTail(StringBuilder text, String name, String tail) {
        if (tail != null && !tail.isBlank()) {
            text.append("  ").append(name).append(":\n");
            tail.strip().lines().forEach(line -> text.append("    ").append(line).append('\n'));
        }
    }

    private static String first(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** Drops what XML 1.0 cannot hold (controls other than tab and newline, lone surrogates). */
    static String clean(String text) {
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
