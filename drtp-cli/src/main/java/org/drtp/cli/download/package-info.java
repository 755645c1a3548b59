/**
 * {@code drtp datasets download}: HTTPS downloads from the datasets' official mirrors, resumed with range
 * requests, checked against published MD5 sums, and the CIFAR-10 archive unpacked.
 */
package org.drtp.cli.download;
