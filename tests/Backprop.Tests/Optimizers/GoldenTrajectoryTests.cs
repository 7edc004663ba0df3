using System.Numerics;
using Backprop.Layers;
using Backprop.Optimizers;
using static Backprop.Tests.Optimizers.OptimizerFixtures;

namespace Backprop.Tests.Optimizers;

// golden.py, which prints the NumPy dictionary entries below:
//   import numpy as np
//
//   W0 = np.array([[0.5, -1.2, 0.3], [2.0, -0.7, 0.05]])
//   b0 = np.array([[0.1], [-0.3]])
//   dWs = [np.array(r) for r in [
//       [[0.2, -0.1, 0.05], [1.5, -0.3, 0.0]],
//       [[0.15, 0.4, -0.02], [1.1, -0.25, 1e-3]],
//       [[-0.3, 0.35, 0.07], [0.9, 0.6, -1e-4]],
//       [[0.01, -0.8, 0.2], [-0.4, 0.1, 2e-3]],
//       [[0.5, 0.05, -0.6], [0.3, -0.9, 0.0]],
//   ]]
//   dbs = [np.array(r) for r in [[[0.3], [-0.05]], [[0.25], [0.1]], [[-0.2], [0.07]], [[0.1], [-0.3]], [[0.05], [0.02]]]]
//
//   def run(step):
//       P = {"W": W0.copy(), "b": b0.copy()}
//       S = {}
//       out = []
//       for t in range(1, 6):
//           for k, g in (("W", dWs[t - 1]), ("b", dbs[t - 1])):
//               P[k] = step(P[k], g, S.setdefault(k, {}), t, k == "W")
//           out.append(list(P["W"].ravel()) + list(P["b"].ravel()))
//       return out
//
//   def momentum(lr, beta):
//       def step(w, g, s, t, reg):
//           v = s.get("v", np.zeros_like(w))
//           v = beta * v + (1 - beta) * g
//           s["v"] = v
//           return w - lr * v
//       return step
//
//   def nesterov(lr, beta):
//       def step(w, g, s, t, reg):
//           v = s.get("v", np.zeros_like(w))
//           v = beta * v + (1 - beta) * g
//           s["v"] = v
//           return w - lr * (beta * v + (1 - beta) * g)
//       return step
//
//   def rmsprop(lr, beta2, eps):
//       def step(w, g, s, t, reg):
//           sq = s.get("s", np.zeros_like(w))
//           sq = beta2 * sq + (1 - beta2) * np.square(g)
//           s["s"] = sq
//           return w - lr * g / (np.sqrt(sq) + eps)
//       return step
//
//   def adam(lr, beta1, beta2, eps, wd=0.0):
//       def step(w, g, s, t, reg):
//           if wd > 0 and reg:
//               w = w - lr * wd * w
//           v = s.get("v", np.zeros_like(w))
//           sq = s.get("s", np.zeros_like(w))
//           v = beta1 * v + (1 - beta1) * g
//           v_corrected = v / (1 - beta1 ** t)
//           sq = beta2 * sq + (1 - beta2) * np.power(g, 2)
//           s_corrected = sq / (1 - beta2 ** t)
//           s["v"], s["s"] = v, sq
//           return w - lr * v_corrected / (np.sqrt(s_corrected) + eps)
//       return step
//
//   cases = [
//       ("Momentum", momentum(0.1, 0.9)),
//       ("Nesterov", nesterov(0.1, 0.9)),
//       ("RmsProp", rmsprop(0.01, 0.999, 1e-8)),
//       ("Adam", adam(0.01, 0.9, 0.999, 1e-8)),
//       ("AdamW", adam(0.01, 0.9, 0.999, 1e-8, wd=0.1)),
//   ]
//   for name, step in cases:
//       print(f'        ["{name}"] =')
//       print('        [')
//       for row in run(step):
//           print('            [' + ', '.join(repr(float(x)) for x in row) + '],')
//       print('        ],')
//
/// <summary>
/// Five-step trajectories on a fixed W [2, 3] (regularized) and b [2, 1] with a fixed gradient sequence,
/// compared exactly in double against numbers NumPy produced once and against an independent scalar
/// reference written here in the course's operation order.
/// </summary>
/// <remarks>
/// The NumPy numbers were generated once (NumPy 1.24, float64) by the script below; CI runs without Python, so
/// only the numbers are used. Each row is W (row-major) then b after step t = 1…5.
/// </remarks>
public class GoldenTrajectoryTests
{
    private static readonly double[] InitialW = [0.5, -1.2, 0.3, 2.0, -0.7, 0.05];
    private static readonly double[] InitialB = [0.1, -0.3];

    private static readonly double[][] GradientW =
    [
        [0.2, -0.1, 0.05, 1.5, -0.3, 0.0],
        [0.15, 0.4, -0.02, 1.1, -0.25, 1e-3],
        [-0.3, 0.35, 0.07, 0.9, 0.6, -1e-4],
        [0.01, -0.8, 0.2, -0.4, 0.1, 2e-3],
        [0.5, 0.05, -0.6, 0.3, -0.9, 0.0],
    ];

    private static readonly double[][] GradientB = [[0.3, -0.05], [0.25, 0.1], [-0.2, 0.07], [0.1, -0.3], [0.05, 0.02]];

    /// <summary>The optimizers of the script, with the same hyperparameters.</summary>
    private static Optimizer Create(string name) => name switch
    {
        "Momentum" => new Momentum(0.1, 0.9),
        "Nesterov" => new Nesterov(0.1, 0.9),
        "RmsProp" => new RmsProp(0.01, 0.999, 1e-8),
        "Adam" => new Adam(0.01, 0.9, 0.999, 1e-8),
        "AdamW" => new AdamW(0.01, 0.9, 0.999, 1e-8, weightDecay: 0.1),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    public static TheoryData<string> Stateful => new("Momentum", "Nesterov", "RmsProp", "Adam", "AdamW");

    private static readonly Dictionary<string, double[][]> NumPy = new()
    {
        ["Momentum"] =
        [
            [0.498, -1.199, 0.2995, 1.985, -0.697, 0.05, 0.097, -0.2995],
            [0.4947, -1.2021000000000002, 0.29925, 1.9605000000000001, -0.6918, 0.04999, 0.0918, -0.30005],
            [0.49472999999999995, -1.20839, 0.298325, 1.92945, -0.69312, 0.049982, 0.08912, -0.301245],
            [0.49465699999999996, -1.206051, 0.2954925, 1.905505, -0.6953079999999999, 0.0499548, 0.085708, -0.2993205],
            [0.48959129999999995, -1.2044459, 0.29894325, 1.8809545, -0.6882771999999999, 0.04993032, 0.08213720000000001, -0.29778845],
        ],
        ["Nesterov"] =
        [
            [0.4962, -1.1981, 0.29905, 1.9715, -0.6942999999999999, 0.05, 0.09430000000000001, -0.29905],
            [0.49173, -1.20489, 0.299025, 1.93845, -0.68712, 0.049981000000000005, 0.08712, -0.300545],
            [0.494757, -1.214051, 0.2974925, 1.901505, -0.6943079999999999, 0.04997480000000001, 0.08670800000000001, -0.3023205],
            [0.4945913, -1.2039459, 0.29294325, 1.8839545, -0.6972771999999999, 0.04993032000000001, 0.08263720000000001, -0.29758845],
            [0.48503217, -1.2030013099999999, 0.30204892499999997, 1.85885905, -0.6819494799999999, 0.04990828800000001, 0.07892348, -0.296409605],
        ],
        ["RmsProp"] =
        [
            [0.18377273398237165, -0.88377323398, -0.016225766029486832, 1.6837723006498149, -0.38377256731614406, 0.05, -0.21622743268385589, 0.016225766029486832],
            [-0.006024430364514638, -1.1905680177267832, 0.10126824281356175, 1.4967058886915425, -0.1812688847501433, -0.2661277976296176, -0.4187311152498566, -0.2666444348019588],
            [0.23698992250601508, -1.39527776301047, -0.14945782998345872, 1.358883757145455, -0.4463671327333972, -0.23465627781228443, -0.2744903773568234, -0.4345285552320227],
            [0.22888805115989422, -1.1332330286974819, -0.4387757651056087, 1.4190492415737788, -0.49014660515026887, -0.517233310701974, -0.3448387069508828, -0.1450048170590566],
            [-0.0204293799490666, -1.1495970655770307, -0.14163660096046282, 1.3743557286912234, -0.24347629015152306, -0.517233310701974, -0.3798145572996142, -0.1642801498691139],
        ],
        ["Adam"] =
        [
            [0.4900000005, -1.1900000009999998, 0.2900000019999996, 1.9900000000666667, -0.6900000003333333, 0.05, 0.09000000033333333, -0.2900000019999996],
            [0.48017425024128296, -1.1955950357485128, 0.28654394442864334, 1.9801955761167878, -0.6800882719464278, 0.04255873697336899, 0.08008827194642781, -0.2936610368073392],
            [0.480223341753482, -1.2030268613910975, 0.2798509754142512, 1.9705902464851859, -0.6812664308584897, 0.03747115907289188, 0.07618375616130307, -0.2994507176335305],
            [0.4801146540020251, -1.2016189093002114, 0.27232109740791854, 1.9639715205117523, -0.6830267446488058, 0.03040789688367805, 0.07177277533248104, -0.29603758391908214],
            [0.47575744388713054, -1.2007127409939715, 0.27526896884986224, 1.957662385306484, -0.6797027108583056, 0.02443783602252099, 0.06746403539211068, -0.2934905694379275],
        ],
        ["AdamW"] =
        [
            [0.4895000005, -1.1888000009999997, 0.28970000199999957, 1.9880000000666667, -0.6893000003333333, 0.04995, 0.09000000033333333, -0.2900000019999996],
            [0.47918475024078294, -1.1932062357475126, 0.2859542444266433, 1.976207576116721, -0.6786989719460945, 0.04245878697336899, 0.08008827194642781, -0.2936610368073392],
            [0.4787546570027412, -1.1994448551543497, 0.27897532116782453, 1.9646260389090024, -0.6791984318862103, 0.037328750285918505, 0.07618375616130307, -0.2994507176335305],
            [0.4781672145942815, -1.1968374582083092, 0.27116646784032405, 1.9560426868966598, -0.6802795472446401, 0.03022815934641876, 0.07177277533248104, -0.29603758391908214],
            [0.4733318372647927, -1.194734452443861, 0.27384317281442744, 1.9477775090044949, -0.6762752339068954, 0.02422787032591528, 0.06746403539211068, -0.2934905694379275],
        ],
    };

    [Theory]
    [MemberData(nameof(Stateful))]
    public void Five_steps_equal_the_numpy_reference_bit_for_bit(string name)
    {
        var trajectory = Run<double>(Create(name));
        for (int t = 0; t < 5; t++)
            Assert.Equal(NumPy[name][t], trajectory[t]);
    }

    [Theory]
    [MemberData(nameof(Stateful))]
    public void Five_steps_equal_an_independent_scalar_reference_bit_for_bit(string name)
    {
        var trajectory = Run<double>(Create(name));
        var reference = ScalarReference(name);
        for (int t = 0; t < 5; t++)
            Assert.Equal(reference[t], trajectory[t]);
    }

    [Theory]
    [MemberData(nameof(Stateful))]
    public void Float_trajectory_agrees_with_double(string name)
    {
        var single = Run<float>(Create(name));
        var reference = Run<double>(Create(name));
        for (int t = 0; t < 5; t++)
            for (int i = 0; i < 8; i++)
                Assert.True(Math.Abs(single[t][i] - reference[t][i]) <= 2e-6 * (1 + Math.Abs(reference[t][i])),
                    $"{name}, step {t + 1}, element {i}: float {single[t][i]:R}, double {reference[t][i]:R}");
    }

    /// <summary>Runs the five updates through the library; returns W then b after each step.</summary>
    private static double[][] Run<T>(Optimizer optimizer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = MakeParameter<T>("layers.0.W", 2, 3, InitialW, regularized: true);
        var b = MakeParameter<T>("layers.0.b", 2, 1, InitialB);
        var state = optimizer.CreateState<T>([w, b]);
        var trajectory = new double[5][];
        for (int t = 0; t < 5; t++)
        {
            Set(w.Gradient.Span, GradientW[t]);
            Set(b.Gradient.Span, GradientB[t]);
            state.Update(optimizer.LearningRate);
            trajectory[t] = [.. ToDoubles<T>(w.Value.Span), .. ToDoubles<T>(b.Value.Span)];
        }
        return trajectory;
    }

    /// <summary>
    /// The same updates, one scalar at a time, each line transcribing the course's NumPy statement (the
    /// library's kernels are not used). Constants such as 1 − 0.9 fold to the same double Python computes.
    /// </summary>
    private static double[][] ScalarReference(string name)
    {
        double[] w = [.. InitialW, .. InitialB];
        double[] v = new double[8], s = new double[8];
        var trajectory = new double[5][];
        for (int t = 1; t <= 5; t++)
        {
            double[] g = [.. GradientW[t - 1], .. GradientB[t - 1]];
            for (int i = 0; i < 8; i++)
            {
                bool regularized = i < 6;
                switch (name)
                {
                    case "Momentum":
                        v[i] = 0.9 * v[i] + (1 - 0.9) * g[i];
                        w[i] = w[i] - 0.1 * v[i];
                        break;
                    case "Nesterov":
                        v[i] = 0.9 * v[i] + (1 - 0.9) * g[i];
                        w[i] = w[i] - 0.1 * (0.9 * v[i] + (1 - 0.9) * g[i]);
                        break;
                    case "RmsProp":
                        s[i] = 0.999 * s[i] + (1 - 0.999) * (g[i] * g[i]);
                        w[i] = w[i] - 0.01 * g[i] / (Math.Sqrt(s[i]) + 1e-8);
                        break;
                    case "Adam":
                    case "AdamW":
                        if (name == "AdamW" && regularized)
                            w[i] = w[i] - 0.01 * 0.1 * w[i];
                        v[i] = 0.9 * v[i] + (1 - 0.9) * g[i];
                        double vCorrected = v[i] / (1 - Math.Pow(0.9, t));
                        s[i] = 0.999 * s[i] + (1 - 0.999) * (g[i] * g[i]);
                        double sCorrected = s[i] / (1 - Math.Pow(0.999, t));
                        w[i] = w[i] - 0.01 * vCorrected / (Math.Sqrt(sCorrected) + 1e-8);
                        break;
                }
            }
            trajectory[t - 1] = (double[])w.Clone();
        }
        return trajectory;
    }
}
