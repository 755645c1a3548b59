#!/usr/bin/python3
# -*- coding: utf-8 -*-
"""drtp_torch.py: a small PyTorch twin of the drtp trainer, for side-by-side accuracy and speed.

Trains FC and CONV networks with BP, FA, DFA, sDFA, DRTP or shallow learning, following the
semantics of docs/semantics.md, which are those of the authors' reference code
(ChFrenkel/DirectRandomTargetProjection, Apache-2.0). This file is our own code; only facts
(topology strings, initialisations, where the learning signals enter) are carried over.

Subcommands (see README.md):
  train     train and evaluate; test error per epoch, paper summary = mean of the last min(10, epochs)
  speed     train without evaluation; median seconds per training epoch after a warm-up epoch
  online    batch-1 throughput (samples/s), default FC_500_FC_10, plain SGD, drtp
  selftest  a few seconds of gradient checks of the learning rules against their definitions
With --json the LAST stdout line is one JSON object; all progress goes to stderr.

Run with /usr/bin/python3 (Debian's python3-torch 1.13); the pyenv python3 has no torch.
"""

import argparse
import ctypes
import gzip
import json
import os
import signal
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MODES = ("bp", "fa", "dfa", "sdfa", "drtp", "shallow")
# Modes whose hidden layers receive a signal that *replaces* the gradient coming from above.
DIRECT_MODES = ("dfa", "sdfa", "drtp", "shallow")


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------------------------

def read_idx(path):
    """Reads one IDX file (raw or gzip, detected by magic bytes, not by name) into a numpy array."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: expected {np.prod(dims)} values, found {data.size}")
    return data.reshape(dims)


def find_idx(directory, stem):
    for name in (stem, stem + ".gz"):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(f"{stem}(.gz) not found in {directory}")


def load_mnist_idx(directory):
    """MNIST-format directory -> (x_train, y_train, x_test, y_test); x is [N, 1, 28, 28] in [0, 1]."""
    def images(stem):
        a = read_idx(find_idx(directory, stem))
        return torch.from_numpy(a.astype(np.float32) / 255.0).unsqueeze(1)

    def labels(stem):
        return torch.from_numpy(read_idx(find_idx(directory, stem)).astype(np.int64))

    return (images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte"),
            images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte"))


def synthetic_mnist_shape(seed=0, n_train=60000, n_test=10000):
    """Random pixels and labels with MNIST's shapes: for timing only (nothing to learn)."""
    g = torch.Generator().manual_seed(seed)
    return (torch.rand(n_train, 1, 28, 28, generator=g), torch.randint(0, 10, (n_train,), generator=g),
            torch.rand(n_test, 1, 28, 28, generator=g), torch.randint(0, 10, (n_test,), generator=g))


def load_dataset(name, data_dir):
    if name == "mnist-idx":
        if not data_dir:
            raise SystemExit("--dataset mnist-idx needs --data-dir DIR")
        return load_mnist_idx(data_dir)
    if name == "synthetic-mnist-shape":
        return synthetic_mnist_shape()
    raise SystemExit(f"unknown dataset {name}")


# ----------------------------------------------------------------------------------------------
# Learning rules as autograd functions
# ----------------------------------------------------------------------------------------------

class Feedback:
    """Per-batch source of the direct learning signal, shared by all hidden layers of one net.

    The trainer sets the one-hot targets before the forward pass and the net sets its output
    after it; the hidden-layer hooks read both during backward, when both are known."""

    def __init__(self, mode):
        self.mode = mode
        self.targets = None
        self.output = None

    def signal(self):
        """[N, classes] row vectors to be projected by each B_k (summed over the batch by the mm)."""
        if self.mode == "drtp":
            return self.targets                      # y*: independent of the output
        if self.mode == "dfa":
            return self.output - self.targets        # e = y - y*
        if self.mode == "sdfa":
            return torch.sign(self.output - self.targets)
        raise ValueError(self.mode)


class HiddenSignal(torch.autograd.Function):
    """Identity forward at a hidden layer's post-activation output; backward REPLACES dL/dy_k.

    DRTP y* B_k, DFA (y - y*) B_k, sDFA sign(y - y*) B_k, shallow 0. Whatever arrives from above is
    ignored, so the layer above need not even compute it (see LinearFn 'none')."""

    @staticmethod
    def forward(ctx, y, b_flat, feedback):
        ctx.b_flat = b_flat          # [classes, units], fixed: not a saved tensor, never differentiated
        ctx.feedback = feedback
        ctx.shape = y.shape
        # The incoming gradient is discarded, so let it stay None instead of a zero-filled tensor.
        ctx.set_materialize_grads(False)
        return y.view_as(y)

    @staticmethod
    def backward(ctx, _ignored):
        fb = ctx.feedback
        if fb.mode == "shallow":
            return torch.zeros(ctx.shape), None, None
        return fb.signal().mm(ctx.b_flat).view(ctx.shape), None, None


class LinearFn(torch.autograd.Function):
    """y = x W^T + b whose input gradient is g W (true), g B (FA, B fixed of W's shape) or nothing.

    'none' is for DFA/sDFA/DRTP/shallow, where the layer below overwrites that gradient anyway:
    computing it (as the reference does) costs one gemm per layer and changes no weight."""

    @staticmethod
    def forward(ctx, x, w, b, fa_b, input_grad):
        ctx.save_for_backward(x, w, fa_b)
        ctx.input_grad = input_grad
        return F.linear(x, w, b)

    @staticmethod
    def backward(ctx, g):
        x, w, fa_b = ctx.saved_tensors
        gx = gw = gb = None
        if ctx.needs_input_grad[0]:
            if ctx.input_grad == "fa":
                gx = g.mm(fa_b)
            elif ctx.input_grad == "true":
                gx = g.mm(w)
        if ctx.needs_input_grad[1]:
            gw = g.t().mm(x)
        if ctx.needs_input_grad[2]:
            gb = g.sum(0)
        return gx, gw, gb, None, None


class Conv2dFn(torch.autograd.Function):
    """Conv2d whose input gradient goes through W (true), a fixed B (FA) or nowhere, as LinearFn."""

    @staticmethod
    def forward(ctx, x, w, b, fa_b, stride, padding, input_grad):
        ctx.save_for_backward(x, w, fa_b)
        ctx.stride, ctx.padding, ctx.input_grad = stride, padding, input_grad
        return F.conv2d(x, w, b, stride, padding)

    @staticmethod
    def backward(ctx, g):
        x, w, fa_b = ctx.saved_tensors
        want_x = ctx.needs_input_grad[0] and ctx.input_grad != "none"
        mask = [want_x, ctx.needs_input_grad[1], ctx.needs_input_grad[2]]
        if not any(mask):
            return None, None, None, None, None, None, None
        # The weight gradient only uses the weight's shape, so one call with B in place of W gives
        # FA's input gradient and the true weight gradient together.
        kernel = fa_b if ctx.input_grad == "fa" else w
        gx, gw, gb = torch.ops.aten.convolution_backward(
            g, x, kernel, [w.shape[0]], [ctx.stride] * 2, [ctx.padding] * 2, [1, 1],
            False, [0, 0], 1, mask)
        return (gx if want_x else None), gw, gb, None, None, None, None


# ----------------------------------------------------------------------------------------------
# Network
# ----------------------------------------------------------------------------------------------

ACTIVATIONS = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu, "none": lambda z: z}


def parse_topology(topology):
    """'CONV_32_5_1_2_FC_1000_FC_10' -> [('CONV', [32, 5, 1, 2]), ('FC', [1000]), ('FC', [10])]."""
    layers = []
    for token in topology.split("_"):
        if token.isdigit():
            if not layers:
                raise ValueError(f"topology {topology}: starts with a number")
            layers[-1][1].append(int(token))
        elif token in ("CONV", "FC"):
            layers.append((token, []))
        else:
            raise ValueError(f"topology {topology}: unknown layer type {token}")
    for kind, p in layers:
        if len(p) != (4 if kind == "CONV" else 1):
            raise ValueError(f"topology {topology}: {kind} needs {4 if kind == 'CONV' else 1} numbers")
    if layers[-1][0] != "FC":
        raise ValueError(f"topology {topology}: the output layer must be FC")
    return layers


class Net(nn.Module):
    """Conv blocks (conv, act, [hook], 2x2/2 max-pool) then FC blocks ([dropout], fc, act, [hook])."""

    def __init__(self, topology, in_shape, classes, mode, conv_act="tanh", hidden_act="tanh",
                 output_act="sigmoid", loss="bce", dropout=0.0, fc_zero_init=False,
                 reference_graph=False):
        super().__init__()
        if mode not in MODES:
            raise ValueError(f"mode {mode} not in {MODES}")
        self.mode = mode
        self.dropout = dropout
        self.conv_act, self.hidden_act, self.output_act = conv_act, hidden_act, output_act
        # (s)DFA's error uses the softmax of the output when the loss applies softmax itself.
        self.softmax_output = output_act == "none" and loss == "ce"
        self.feedback = Feedback(mode) if mode in DIRECT_MODES else None
        # Which input gradient each layer computes: see LinearFn. --reference-graph keeps the
        # reference's wasted true input gradients in direct modes (for timing it like the original).
        if mode == "fa":
            self.input_grad = "fa"
        elif mode in DIRECT_MODES and not reference_graph:
            self.input_grad = "none"
        else:
            self.input_grad = "true"

        spec = parse_topology(topology)
        self.kinds, self.layers, self.conv_cfg = [], nn.ModuleList(), []
        c, h, w = in_shape
        features = None
        for i, (kind, p) in enumerate(spec):
            output_layer = i == len(spec) - 1
            if kind == "CONV":
                if features is not None:
                    raise ValueError("CONV after FC is not supported")
                ch, k, stride, pad = p
                layer = nn.Conv2d(c, ch, k, stride, pad)   # PyTorch default init, as the reference
                h = (h - k + 2 * pad) // stride + 1
                w = (w - k + 2 * pad) // stride + 1
                hook_shape = (classes, ch, h, w)            # post-activation, pre-pooling map
                self.conv_cfg.append((stride, pad))
                c, h, w = ch, h // 2, w // 2                # 2x2 max-pool, stride 2, floor
            else:
                in_f = features if features is not None else c * h * w
                features = p[0]
                layer = nn.Linear(in_f, features)
                if fc_zero_init:
                    with torch.no_grad():
                        layer.weight.zero_()
                hook_shape = None if output_layer else (classes, features)
                self.conv_cfg.append(None)
            self.kinds.append(kind)
            self.layers.append(layer)
            # Fixed random matrices: buffers, so that no optimizer ever sees them.
            fa_b = torch.empty_like(layer.weight)
            nn.init.kaiming_uniform_(fa_b)
            self.register_buffer(f"fa_b{i}", fa_b if mode == "fa" else None)
            hook_b = None
            if hook_shape is not None and mode in ("dfa", "sdfa", "drtp"):
                hook_b = torch.empty(hook_shape)
                nn.init.kaiming_uniform_(hook_b)            # fan_in = product of all dims but the first
                hook_b = hook_b.view(classes, -1)
            self.register_buffer(f"hook_b{i}", hook_b)
        if features != classes:
            raise ValueError(f"output layer has {features} units, dataset has {classes} classes")
        self.classes = classes

    def hidden_parameters(self):
        return [p for layer in self.layers[:-1] for p in layer.parameters()]

    def conv_parameters(self):
        return [p for k, layer in zip(self.kinds, self.layers) if k == "CONV" for p in layer.parameters()]

    def forward(self, x, targets=None):
        # Hooks only matter when a backward will follow: not in evaluation under no_grad.
        hooks = torch.is_grad_enabled() and self.feedback is not None
        if hooks:
            self.feedback.targets = targets
        last = len(self.layers) - 1
        for i, (kind, layer) in enumerate(zip(self.kinds, self.layers)):
            fa_b = getattr(self, f"fa_b{i}")
            if kind == "CONV":
                stride, pad = self.conv_cfg[i]
                if self.input_grad == "true":
                    z = layer(x)
                else:
                    z = Conv2dFn.apply(x, layer.weight, layer.bias, fa_b, stride, pad, self.input_grad)
                act = self.conv_act
            else:
                if x.dim() > 2:
                    x = x.flatten(1)
                if self.dropout > 0:
                    x = F.dropout(x, self.dropout, self.training)   # on every FC input, output layer too
                # The output layer always gets its true local gradient; its input gradient follows
                # the rule (FA: through its B; direct modes: discarded by the hook below).
                if self.input_grad == "true":
                    z = F.linear(x, layer.weight, layer.bias)
                else:
                    z = LinearFn.apply(x, layer.weight, layer.bias, fa_b, self.input_grad)
                act = self.output_act if i == last else self.hidden_act
            x = ACTIVATIONS[act](z)
            hook_b = getattr(self, f"hook_b{i}")
            if hooks and i != last:
                x = HiddenSignal.apply(x, hook_b, self.feedback)
            if kind == "CONV":
                x = F.max_pool2d(x, 2, 2)
        if hooks and self.mode in ("dfa", "sdfa"):
            out = x.detach()
            self.feedback.output = F.softmax(out, dim=1) if self.softmax_output else out
        return x


# ----------------------------------------------------------------------------------------------
# Training
# ----------------------------------------------------------------------------------------------

def make_optimizer(name, params, lr):
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)          # plain (the reference's 'SGD' has momentum 0.9)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "nag":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, nesterov=True)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr)
    raise ValueError(f"unknown optimizer {name}")


def make_loss(name):
    # All reduced as PyTorch does by default (mean), as the reference: BCE's dL/dz = (y - y*)/(N*C).
    if name == "bce":
        return lambda out, labels, onehot: F.binary_cross_entropy(out, onehot)
    if name == "ce":
        return lambda out, labels, onehot: F.cross_entropy(out, labels)
    if name == "mse":
        return lambda out, labels, onehot: F.mse_loss(out, onehot)
    raise ValueError(f"unknown loss {name}")


def build(args, in_shape, classes):
    net = Net(args.topology, in_shape, classes, args.mode, args.conv_act, args.hidden_act,
              args.output_act, args.loss, args.dropout, args.fc_zero_init, args.reference_graph)
    if args.freeze_conv_layers:
        for p in net.conv_parameters():
            p.requires_grad_(False)
    # Shallow's hidden gradients are zero, so they are trained by nobody; leaving them in the
    # optimizer (as the reference does) changes nothing since Adam/SGD/RMSprop move 0 on a 0 gradient.
    params = [p for p in net.parameters() if p.requires_grad]
    return net, make_optimizer(args.optimizer, params, args.lr)


def train_epoch(net, opt, loss_fn, x_all, y_all, batch_size, gen):
    """One pass in a fresh random order; the last batch may be smaller (the reference keeps it)."""
    net.train()
    n = x_all.shape[0]
    perm = torch.randperm(n, generator=gen)
    for start in range(0, n, batch_size):
        idx = perm[start:start + batch_size]
        x, labels = x_all[idx], y_all[idx]
        onehot = F.one_hot(labels, net.classes).to(x.dtype)
        opt.zero_grad(set_to_none=True)
        out = net(x, onehot)
        loss_fn(out, labels, onehot).backward()
        opt.step()


@torch.no_grad()
def test_error(net, x_all, y_all, batch_size=1000):
    net.eval()
    wrong = 0
    for start in range(0, x_all.shape[0], batch_size):
        out = net(x_all[start:start + batch_size])
        wrong += (out.argmax(1) != y_all[start:start + batch_size]).sum().item()
    return 100.0 * wrong / x_all.shape[0]


def trial_seed(seed, trial):
    """One master seed, split per trial; +7919 gives the shuffling its own stream."""
    base = seed * 1000 + trial
    return base, base + 7919


def run_training(args, data, evaluate=True):
    x_tr, y_tr, x_te, y_te = data
    classes = int(max(y_tr.max().item(), y_te.max().item())) + 1
    loss_fn = make_loss(args.loss)
    args.interrupted = False
    summaries, curves, epoch_times, cpu_times = [], [], [], []
    try:
        for trial in range(args.trials):
            run_trial(args, trial, data, classes, loss_fn, evaluate, summaries, curves, epoch_times,
                      cpu_times)
    except KeyboardInterrupt:
        # A long run cut short (SIGINT/SIGTERM) still reports the epochs it finished.
        log("interrupted: reporting the epochs completed so far")
        args.interrupted = True
    return summaries, curves, epoch_times, cpu_times


def run_trial(args, trial, data, classes, loss_fn, evaluate, summaries, curves, epoch_times, cpu_times):
    x_tr, y_tr, x_te, y_te = data
    init_seed, shuffle_seed = trial_seed(args.seed, trial)
    torch.manual_seed(init_seed)                 # weights, feedback matrices, dropout masks
    gen = torch.Generator().manual_seed(shuffle_seed)
    net, opt = build(args, tuple(x_tr.shape[1:]), classes)
    curve, times, cpu = [], [], []
    curves.append(curve)
    epoch_times.append(times)
    cpu_times.append(cpu)
    for epoch in range(args.epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        train_epoch(net, opt, loss_fn, x_tr, y_tr, args.batch_size, gen)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        msg = (f"trial {trial + 1}/{args.trials} epoch {epoch + 1}/{args.epochs}: "
               f"train {times[-1]:.2f} s (cpu {cpu[-1]:.2f} s)")
        if evaluate:
            curve.append(test_error(net, x_te, y_te))
            msg += f", test error {curve[-1]:.2f} %"
        log(msg)
        if evaluate:
            # Kept up to date after every epoch so that an interrupted trial still has one.
            last = curve[-min(10, len(curve)):]
            if epoch == 0:
                summaries.append(None)
            summaries[-1] = sum(last) / len(last)
    if evaluate:
        log(f"trial {trial + 1}: mean test error of last {min(10, len(curve))} epochs "
            f"{summaries[-1]:.2f} %")


# ----------------------------------------------------------------------------------------------
# Online throughput
# ----------------------------------------------------------------------------------------------

def run_online(args, data):
    """Batch-1 training steps on a stream of examples; samples/s after a warm-up."""
    x_tr, y_tr, _, y_te = data
    classes = int(max(y_tr.max().item(), y_te.max().item())) + 1
    torch.manual_seed(trial_seed(args.seed, 0)[0])
    net, opt = build(args, tuple(x_tr.shape[1:]), classes)
    net.train()
    loss_fn = make_loss(args.loss)
    onehot_all = F.one_hot(y_tr, classes).to(x_tr.dtype)
    n = x_tr.shape[0]

    def steps(count, offset):
        for s in range(count):
            i = (offset + s) % n
            x, labels, onehot = x_tr[i:i + 1], y_tr[i:i + 1], onehot_all[i:i + 1]
            opt.zero_grad(set_to_none=True)
            loss_fn(net(x, onehot), labels, onehot).backward()
            opt.step()

    steps(args.warmup_samples, 0)
    rates, cpu_rates = [], []
    for r in range(args.repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        steps(args.samples, args.warmup_samples + r * args.samples)
        rates.append(args.samples / (time.perf_counter() - t0))
        cpu_rates.append(args.samples / (time.process_time() - c0))
        log(f"online repeat {r + 1}/{args.repeats}: {rates[-1]:.0f} samples/s "
            f"({cpu_rates[-1]:.0f} per CPU second)")
    return rates, cpu_rates


# ----------------------------------------------------------------------------------------------
# Self-test: each rule against its definition, on a tiny net, in double precision
# ----------------------------------------------------------------------------------------------

def selftest():
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(0)
    n, classes = 5, 3
    x = torch.rand(n, 1, 8, 8)
    labels = torch.randint(0, classes, (n,))
    onehot = F.one_hot(labels, classes).double()
    failures, passed = [], []

    def check(name, a, b):
        ok = torch.allclose(a, b, atol=1e-10)
        log(f"{'ok  ' if ok else 'FAIL'} {name}")
        (passed if ok else failures).append(name)

    def grads(net, loss="bce"):
        net.zero_grad(set_to_none=True)
        out = net(x, onehot)
        make_loss(loss)(out, labels, onehot).backward()
        return out.detach(), [p.grad.clone() for p in net.parameters()]

    def make(mode, topo="CONV_2_3_1_1_FC_4_FC_3", **kw):
        torch.manual_seed(1)   # same weights for every mode
        return Net(topo, (1, 8, 8), classes, mode, **kw)

    bp = make("bp")
    _, g_bp = grads(bp)

    # FA with B := W is BP (two convs, so that a conv's input gradient goes through its B too).
    two_convs = "CONV_2_3_1_1_CONV_3_3_1_1_FC_4_FC_3"
    _, g_bp2 = grads(make("bp", topo=two_convs))
    fa = make("fa", topo=two_convs)
    for i, layer in enumerate(fa.layers):
        getattr(fa, f"fa_b{i}").copy_(layer.weight.detach())
    _, g_fa = grads(fa)
    for k, (a, b) in enumerate(zip(g_bp2, g_fa)):
        check(f"FA with B = W equals BP (parameter {k})", a, b)
    _, g_fa_random = grads(make("fa", topo=two_convs))
    check("FA with random B: output layer still has its true gradient", g_fa_random[-2], g_bp2[-2])
    check("FA with random B: first layer's gradient differs from BP's (B is used)",
          torch.tensor(float(not torch.allclose(g_fa_random[0], g_bp2[0]))), torch.tensor(1.0))

    # DRTP at a conv layer: the post-activation, pre-pooling map gets y* B_k.
    net = make("drtp")
    _, g = grads(net)
    conv = net.layers[0]
    w = conv.weight.detach().clone().requires_grad_(True)
    y1 = torch.tanh(F.conv2d(x, w, conv.bias.detach(), 1, 1))
    (expected,) = torch.autograd.grad(y1, w, (onehot @ net.hook_b0).view(y1.shape))
    check("drtp conv dW = grad of tanh(conv) against y* B_k", g[0], expected)

    # Reference-graph and pruned-graph DRTP give the same gradients.
    d1, d2 = make("drtp"), make("drtp", reference_graph=True)
    for i in range(len(d1.layers)):
        b = getattr(d1, f"hook_b{i}")
        if b is not None:
            getattr(d2, f"hook_b{i}").copy_(b)
    _, g1 = grads(d1)
    _, g2 = grads(d2)
    for k, (a, b) in enumerate(zip(g1, g2)):
        check(f"DRTP pruned graph equals --reference-graph (parameter {k})", a, b)

    # DRTP, DFA, sDFA hidden FC layer: dW = ((s B) * f'(z))^T x_in, summed over the batch.
    for mode in ("drtp", "dfa", "sdfa"):
        net = make(mode, topo="FC_4_FC_3")
        out, g = grads(net)
        w, b = net.layers[0].weight, net.layers[0].bias
        xin = x.flatten(1)
        z = xin @ w.detach().t() + b.detach()
        e = out - onehot
        s = {"drtp": onehot, "dfa": e, "sdfa": torch.sign(e)}[mode]
        dz = (s @ net.hook_b0) * (1 - torch.tanh(z) ** 2)
        check(f"{mode} hidden dW = (s B * f'(z))^T x", g[0], dz.t() @ xin)
        # Output layer: true gradient of mean BCE after sigmoid = (y - y*)/(N C) through tanh(z1).
        dz_out = e / (n * classes)
        check(f"{mode} output layer true gradient", g[2], dz_out.t() @ torch.tanh(z))

    # DFA with CE and linear outputs uses softmax(output).
    net = make("dfa", topo="FC_4_FC_3", output_act="none", loss="ce")
    out, g = grads(net, loss="ce")
    xin = x.flatten(1)
    z = xin @ net.layers[0].weight.detach().t() + net.layers[0].bias.detach()
    dz = ((F.softmax(out, 1) - onehot) @ net.hook_b0) * (1 - torch.tanh(z) ** 2)
    check("dfa + ce uses softmax(y) - y*", g[0], dz.t() @ xin)

    # Shallow: zero gradient on hidden layers, true one on the output layer.
    net = make("shallow")
    _, g = grads(net)
    check("shallow hidden gradients are zero", torch.cat([t.flatten() for t in g[:-2]]),
          torch.zeros(sum(t.numel() for t in g[:-2])))
    check("shallow output gradient equals BP's", g[-2], g_bp[-2])

    # Feedback matrix bounds: kaiming_uniform_ a=0 -> |B| <= sqrt(6/fan_in).
    net = make("drtp")
    b0 = net.hook_b0
    check("conv hook B within sqrt(6/(C*H*W))",
          torch.tensor(float(b0.abs().max() <= (6.0 / b0.shape[1]) ** 0.5)), torch.tensor(1.0))
    torch.set_default_dtype(torch.float32)
    return len(passed), len(failures)


# ----------------------------------------------------------------------------------------------
# CLI
# ----------------------------------------------------------------------------------------------

def loaded_blas():
    """Which BLAS library torch's gemms go through: it decides the speed of every FC layer."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() or "blis" in line.lower()}
        return ", ".join(sorted(os.path.realpath(p) for p in libs)) or "unknown"
    except OSError:
        return "unknown"


def set_threads(n):
    """torch.set_num_threads governs ATen's own loops (and oneDNN convs); a system OpenBLAS keeps
    its own pool (default: all cores), so it is told too. Netlib BLAS is single-threaded anyway."""
    torch.set_num_threads(n)
    for path in loaded_blas().split(", "):
        if "openblas" in path:
            ctypes.CDLL(path).openblas_set_num_threads(n)


def add_common(p, mode="drtp", topology="FC_500_FC_500_FC_10", optimizer="adam", batch=60, epochs=100,
               dataset="mnist-idx"):
    p.add_argument("--mode", choices=MODES, default=mode)
    p.add_argument("--topology", default=topology)
    p.add_argument("--dataset", choices=("mnist-idx", "synthetic-mnist-shape"), default=dataset)
    p.add_argument("--data-dir", help="directory of MNIST-format IDX files (raw or .gz)")
    p.add_argument("--optimizer", choices=("adam", "sgd", "momentum", "nag", "rmsprop"), default=optimizer)
    p.add_argument("--loss", choices=("bce", "ce", "mse"), default="bce")
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--batch-size", type=int, default=batch)
    p.add_argument("--epochs", type=int, default=epochs)
    p.add_argument("--trials", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--conv-act", choices=tuple(ACTIVATIONS), default="tanh")
    p.add_argument("--hidden-act", choices=tuple(ACTIVATIONS), default="tanh")
    p.add_argument("--output-act", choices=tuple(ACTIVATIONS), default="sigmoid")
    p.add_argument("--dropout", type=float, default=0.0)
    p.add_argument("--fc-zero-init", action="store_true")
    p.add_argument("--freeze-conv-layers", action="store_true")
    p.add_argument("--reference-graph", action="store_true",
                   help="direct modes: also compute the input gradients the hooks discard, as the "
                        "reference does (same weights, more time)")
    p.add_argument("--json", action="store_true", help="last stdout line: one JSON object")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    add_common(sub.add_parser("train", help="train and evaluate"))
    sp = sub.add_parser("speed", help="median training seconds per epoch, no evaluation")
    add_common(sp, epochs=4, dataset="synthetic-mnist-shape", topology="FC_1000_FC_1000_FC_10")
    op = sub.add_parser("online", help="batch-1 training throughput")
    add_common(op, topology="FC_500_FC_10", optimizer="sgd", batch=1, epochs=0,
               dataset="synthetic-mnist-shape")
    op.add_argument("--samples", type=int, default=10000, help="samples per timed repeat")
    op.add_argument("--repeats", type=int, default=3)
    op.add_argument("--warmup-samples", type=int, default=1000)
    sub.add_parser("selftest", help="gradient checks of the rules, a few seconds")
    args = ap.parse_args(argv)

    if args.command == "selftest":
        passed, failed = selftest()
        print(f"selftest: {passed} passed, {failed} failed")
        return 1 if failed else 0

    set_threads(args.threads)

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    t_load = time.perf_counter()
    data = load_dataset(args.dataset, args.data_dir)
    log(f"loaded {args.dataset}: {data[0].shape[0]} train, {data[2].shape[0]} test "
        f"in {time.perf_counter() - t_load:.1f} s; torch {torch.__version__}, {args.threads} threads, "
        f"BLAS {loaded_blas()}")

    result = {
        "command": args.command, "mode": args.mode, "topology": args.topology,
        "dataset": args.dataset + (f":{os.path.abspath(args.data_dir)}" if args.data_dir else ""),
        "epochs": args.epochs, "trials": args.trials,
        "test_error_percent": None, "test_error_mean": None, "test_error_std": None,
        "epoch_seconds_median": None,
    }
    if args.command == "online":
        result["epochs"] = None
        rates, cpu_rates = run_online(args, data)
        result["samples_per_cpu_second"] = statistics.median(cpu_rates)
        result["samples_per_second"] = statistics.median(rates)
        result["samples_per_second_max"] = max(rates)
        result["samples_per_second_all"] = rates
    else:
        summaries, curves, per_trial_times, per_trial_cpu = run_training(
            args, data, evaluate=args.command == "train")
        # The first epoch of each trial carries warm-up costs (allocator, caches): not timed.
        times = [t for ts in per_trial_times for t in (ts[1:] if len(ts) > 1 else ts)]
        cpu = [t for ts in per_trial_cpu for t in (ts[1:] if len(ts) > 1 else ts)]
        result["interrupted"] = args.interrupted
        if args.interrupted:
            result["epochs_completed"] = [len(c) for c in per_trial_times]
        # None (JSON null) when interrupted before a whole epoch.
        result["epoch_seconds_median"] = statistics.median(times) if times else None
        result["epoch_seconds_min"] = min(times) if times else None   # least disturbed epoch
        result["epoch_seconds_all"] = times
        # CPU seconds of this process (all its threads): with --threads 1 a contention-robust
        # estimate of the single-core cost; with more threads it also counts BLAS spin-waiting.
        result["epoch_cpu_seconds_median"] = statistics.median(cpu) if cpu else None
        if summaries and summaries[0] is not None:
            result["test_error_percent"] = summaries
            result["test_error_mean"] = statistics.mean(summaries)
            # Sample std over trials (n-1); 0 for one trial.
            result["test_error_std"] = statistics.stdev(summaries) if len(summaries) > 1 else 0.0
            result["test_error_curves"] = curves
    result.update({
        "threads": args.threads, "torch_version": torch.__version__, "blas": loaded_blas(),
        "optimizer": args.optimizer, "lr": args.lr, "batch_size": args.batch_size, "loss": args.loss,
        "conv_act": args.conv_act, "hidden_act": args.hidden_act, "output_act": args.output_act,
        "dropout": args.dropout, "fc_zero_init": args.fc_zero_init,
        "freeze_conv_layers": args.freeze_conv_layers, "reference_graph": args.reference_graph,
        "seed": args.seed,
    })
    if args.json:
        print(json.dumps(result))
    else:
        if result["test_error_mean"] is not None:
            print(f"{args.mode} {args.topology}: test error {result['test_error_mean']:.2f} "
                  f"± {result['test_error_std']:.2f} % over {args.trials} trial(s)")
        if result["epoch_seconds_median"] is not None:
            print(f"median training epoch: {result['epoch_seconds_median']:.2f} s")
        if "samples_per_second" in result:
            print(f"online batch-1 {args.mode}: {result['samples_per_second']:.0f} samples/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
