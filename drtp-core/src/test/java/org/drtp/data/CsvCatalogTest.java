package org.drtp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvCatalogTest {

    @TempDir
    Path dir;

    @Test
    void loadsTrainAndTestCsvWithTheClassesOfBoth() throws Exception {
        Files.writeString(dir.resolve("train.csv"), "x1,x2,label\n0.5,1,0\n-1,2,1\n");
        Files.writeString(dir.resolve("test.csv"), "0,0,2\n");
        TrainTest d = DatasetCatalog.load("csv", dir);
        assertEquals(2, d.train().size());
        assertEquals(1, d.test().size());
        assertEquals(3, d.train().numClasses(), "class 2 appears only in the test set");
        assertEquals(3, d.test().numClasses());
        assertEquals(-1f, d.train().feature(1, 0));
    }

    @Test
    void aValueBeyondTheFloatRangeIsCalledThatNotInfinite() {
        float[] out = new float[4];
        DataException big = assertThrows(DataException.class, () -> CsvFormat.parseLine("1,1e40,3", 2, "x.csv", out));
        assertEquals("x.csv line 2, column 2: 1e40 is beyond the float range (+-3.4028235E38)", big.getMessage());
        DataException inf = assertThrows(DataException.class, () -> CsvFormat.parseLine("1,-Infinity,3", 2, "x.csv", out));
        assertEquals("x.csv line 2, column 2: -Infinity (expected a finite number)", inf.getMessage());
    }

    @Test
    void needsADirectory() {
        DataException e = assertThrows(DataException.class, () -> DatasetCatalog.load("csv", null));
        assertEquals("data_dir", e.setting(), e.getMessage()); // the command line names its flag
        DataException missing = assertThrows(DataException.class, () -> DatasetCatalog.load("csv", dir));
        assertTrue(missing.getMessage().contains("train.csv: file not found"), missing.getMessage());
    }
}
