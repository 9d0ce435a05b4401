package dev.ormbench.report;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.ormbench.report.JmhResults.Role;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What every chart shares: the page width, the colours by role, the fonts, the title lines, interval marks, and the
 * painting of one chart twice, into a PNG (Java2D, ImageIO) and into an SVG (VectorGraphics2D), so both show the same.
 */
final class Draw {

    static final int WIDTH = 860;

    static final Map<Role, Color> COLORS = Map.of(
            Role.BAD, new Color(0xD6, 0x27, 0x28),
            Role.PITFALL, new Color(0xFF, 0x7F, 0x0E),
            Role.GOOD, new Color(0x2C, 0xA0, 0x2C),
            Role.ALT, new Color(0x17, 0xBE, 0xCF),
            Role.FLOOR, new Color(0x1F, 0x77, 0xB4),
            Role.OTHER, new Color(0x7F, 0x7F, 0x7F));

    static final Color INK = new Color(0x24, 0x29, 0x2F), GRID = new Color(0xDD, 0xDD, 0xDD), MUTED = new Color(0x6E, 0x77, 0x81);
    static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12), BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 14),
            SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final FontMetrics METRICS;

    static {
        System.setProperty("java.awt.headless", "true");
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        METRICS = g.getFontMetrics(TEXT);
        g.dispose();
    }

    private Draw() {
    }

    /** A white page, antialiased. */
    static void background(Graphics2D g, int w, int h) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, w, h));
    }

    /** The chart's title, and under it in grey what it shows. */
    static void title(Graphics2D g, String title, String subtitle) {
        g.setColor(INK);
        g.setFont(BOLD);
        g.drawString(title, 20, 24);
        g.setFont(TEXT);
        g.setColor(MUTED);
        g.drawString(subtitle, 20, 42);
    }

    /** A horizontal interval from {@code a} to {@code b} at {@code y}, with end marks {@code half} above and below. */
    static void interval(Graphics2D g, double a, double b, double y, double half) {
        g.draw(new Line2D.Double(a, y, b, y));
        g.draw(new Line2D.Double(a, y - half, a, y + half));
        g.draw(new Line2D.Double(b, y - half, b, y + half));
    }

    static double width(String s, Font f) {
        return METRICS.getFont().equals(f) ? METRICS.stringWidth(s) : METRICS.stringWidth(s) * f.getSize2D() / TEXT.getSize2D();
    }

    /** Paints once into a PNG and once into an SVG: {@code base}.png and {@code base}.svg. */
    static void save(Consumer<Graphics2D> painter, int w, int h, Path base) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        painter.accept(g);
        g.dispose();
        ImageIO.write(image, "png", base.resolveSibling(base.getFileName() + ".png").toFile());

        VectorGraphics2D vg = new VectorGraphics2D();
        painter.accept(vg);
        Document doc = Processors.get("svg").getDocument(vg.getCommands(), new PageSize(0, 0, w, h));
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        doc.writeTo(svg);
        // Coordinates to a tenth of a pixel: half the file, nothing visible lost.
        String text = svg.toString(StandardCharsets.UTF_8).replaceAll("(\\d\\.\\d)\\d+", "$1");
        Files.writeString(base.resolveSibling(base.getFileName() + ".svg"), text, StandardCharsets.UTF_8);
    }
}
