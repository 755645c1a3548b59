package org.drtp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Opens report.html in headless Chromium (Debian packages chromium and chromium-driver) and checks, in the
 * rendered page, that every plot is drawn: each figure's SVG has a laid-out size and visible curve paths.
 * Skipped when Chromium or its driver is not installed.
 */
class ReportChromiumTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Held strongly so its level sticks: Selenium warns about DevTools versions it does not use here. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    @TempDir
    Path tmp;

    @Test
    void chromiumShowsEveryPlotOfTheReport() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Chromium not installed (apt-get install chromium chromium-driver)");
        SELENIUM_LOG.setLevel(java.util.logging.Level.OFF);
        Report.write(tmp.resolve("out"), "drtp report", List.of(), ReportTest.sections());
        Path profile = Files.createDirectories(tmp.resolve("profile"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1100,2400");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(tmp.resolve("out/report.html").toUri().toString());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> plots = (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript(
                    "return Array.from(document.querySelectorAll('figure.plot')).map(f => {"
                            + " const s = f.querySelector('svg'); const r = s ? s.getBoundingClientRect() : null;"
                            + " const paths = s ? Array.from(s.querySelectorAll('path')).filter(p => {"
                            + "   const b = p.getBBox(); return b.width > 0 && b.height > 0; }).length : 0;"
                            + " return {id: f.id, width: r ? r.width : 0, height: r ? r.height : 0, paths: paths,"
                            + "   visible: r ? getComputedStyle(s).visibility === 'visible' && getComputedStyle(s).display !== 'none' : false};"
                            + "});");
            assertEquals(2, plots.size(), "figures in the page: " + plots);
            for (Map<String, Object> p : plots) {
                assertTrue(((Number) p.get("width")).doubleValue() > 300, "laid-out width " + p);
                assertTrue(((Number) p.get("height")).doubleValue() > 150, "laid-out height " + p);
                assertTrue(((Number) p.get("paths")).intValue() >= 2, "drawn paths " + p);
                assertEquals(Boolean.TRUE, p.get("visible"), "visible " + p);
            }
            Object tableCells = ((JavascriptExecutor) driver).executeScript(
                    "return document.querySelectorAll('table td').length;");
            assertEquals(2L, ((Number) tableCells).longValue());
            // A screenshot for people to look at (target/report-screenshot.png).
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Files.write(Path.of("target", "report-screenshot.png"), png);
        } finally {
            driver.quit();
        }
    }
}
