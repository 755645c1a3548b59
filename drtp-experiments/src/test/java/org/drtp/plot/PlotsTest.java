package org.drtp.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class PlotsTest {

    @TempDir
    Path tmp;

    static Chart sample(String id, boolean log) {
        double[] x = {1, 2, 3, 4};
        return new Chart(id, "Test error", "epoch", "error (%)",
                List.of(new Series("BP", x, new double[] {10, 5, 3, 2}, new double[] {1, 0.5, 0.4, 0.2}),
                        new Series("DRTP", x, new double[] {12, 8, Double.NaN, 5}, null)),
                log, Double.NaN, Double.NaN, 90);
    }

    @Test
    void writesAPngOfTheChartSize() throws Exception {
        List<Path> files = Plots.write(sample("errors", false), tmp);
        byte[] png = Files.readAllBytes(files.get(0));
        assertEquals("errors.png", files.get(0).getFileName().toString());
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(Plots.HEIGHT, img.getHeight());
        // not blank: the curves put coloured pixels on the white background
        int coloured = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 255;
                int b = rgb & 255;
                if (b > r + 60) {
                    coloured++;
                }
            }
        }
        assertTrue(coloured > 50, "blue pixels of the first curve: " + coloured);
    }

    @Test
    void writesWellFormedSvgWithTheCurves() throws Exception {
        List<Path> files = Plots.write(sample("loss", true), tmp);
        Path svg = files.get(1);
        assertEquals("loss.svg", svg.getFileName().toString());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // the document names the SVG 1.1 DTD: never fetch it (tests stay off the network)
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertTrue(doc.getElementsByTagNameNS("*", "path").getLength() > 2, "curves and bands are paths");
        String text = Files.readString(svg);
        assertTrue(text.contains("BP") && text.contains("DRTP"), "legend");
        assertEquals(text, Plots.svg(sample("loss", true)), "SVG output is reproducible");
    }

    @Test
    void inlineSvgElementsOfTwoChartsDoNotShareIds() {
        String a = Plots.svgElement(sample("a", false));
        String b = Plots.svgElement(sample("b", false));
        assertTrue(a.startsWith("<svg") && a.contains("id='svg-a'") && a.contains("viewBox"), a.substring(0, 200));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=[\"']([^\"']+)[\"']").matcher(a);
        int ids = 0;
        while (m.find()) {
            ids++;
            assertTrue(!b.contains("id='" + m.group(1) + "'") && !b.contains("id=\"" + m.group(1) + "\""),
                    "shared id " + m.group(1));
        }
        assertTrue(ids > 1, "clip paths have ids");
    }
}
