package com.salesrender.plugin.chat.admin;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginTest;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live queue page in a real headless Chromium: a failed message appears, the operator replays it, it is sent. Saves
 * the page as docs/admin-queue.png (shown in the README).
 */
@PluginTest
@RunAsClient
@Tag("any-database") // the same run on either pass's database: in the H2 pass only
class AdminPageBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithRecordingGateway();
    }

    @Test
    void failedMessageIsReplayedFromThePage(PluginClient plugin, @Kit(registeredWith = "hpt") Company company)
            throws Exception {
        assertEquals(200, plugin.post("test-probe/gateway?down=true", "").status());
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-browser", "+15550142", "gateway-down"))
                        .status());
        String taskPath = "test-probe/task/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                + "/msg-browser";
        assertTrue(eventually(WAIT, () -> plugin.get(taskPath).body().contains("\"FAILED\"")));

        WebDriver browser = chromium();
        try {
            browser.get(base.toString().replaceAll("/$", "") + "/admin/");
            browser.findElement(By.id("token")).sendKeys("test-admin-token");
            browser.findElement(By.cssSelector("#login button")).click();

            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            By row = By.cssSelector("#failed tr[data-message-id='msg-browser']");
            WebElement failed = wait.until(d -> d.findElement(row));
            assertTrue(failed.getText().contains("gateway refused attempt 3"), failed.getText());
            assertTrue(failed.getText().contains(company.companyId()));

            assertEquals(200, plugin.post("test-probe/gateway?down=false", "").status()); // the outage is over
            failed.findElement(By.cssSelector("button.replay")).click();

            wait.until(d -> d.findElements(row).isEmpty());
            assertTrue(eventually(WAIT, () -> plugin.get(taskPath).body().contains("\"DONE\"")));

            browser.findElement(By.id("message-id")).sendKeys("msg-browser");
            browser.findElement(By.cssSelector("#search button")).click();
            WebElement history = wait.until(d -> d.findElement(By.cssSelector("#history table.history")));
            wait.until(
                    d -> d.findElement(By.cssSelector("#history h3")).getText().endsWith("DONE"));
            assertTrue(history.getText().contains("REPLAYED"), history.getText());
            assertTrue(history.getText().contains("GIVEN_UP"), history.getText());

            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Path docs = Path.of(System.getProperty("docs.dir", "docs"));
            Files.createDirectories(docs);
            Files.copy(shot.toPath(), docs.resolve("admin-queue.png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }

    private static WebDriver chromium() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,1100",
                "--user-data-dir=" + Files.createTempDirectory("chromium").toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .build();
        return new ChromeDriver(service, options);
    }
}
