# Test for the kernel
