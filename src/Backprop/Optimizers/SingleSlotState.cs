using System.Numerics;
using Backprop.Layers;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Optimizers;

/// <summary>
/// The state shared by every rule that keeps one tensor per parameter (momentum's and Nesterov's velocity,
/// RMSprop's mean square): the slots, the step count, and one fused kernel pass per parameter.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TOp">The rule's update operator.</typeparam>
internal sealed class SingleSlotState<T, TOp> : IOptimizerState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOp : struct, IUpdateOperator<T>
{
    private readonly Parameter<T>[] _parameters;
    private readonly Matrix<T>[] _slot;
    private readonly Func<double, TOp> _operatorFor;

    /// <param name="parameters">The parameters to update.</param>
    /// <param name="slotName">Suffix of each slot's name, e.g. <c>velocity</c>.</param>
    /// <param name="operatorFor">Builds the update operator for a learning rate (once per update, not per element).</param>
    public SingleSlotState(IReadOnlyList<Parameter<T>> parameters, string slotName, Func<double, TOp> operatorFor)
    {
        _parameters = OptimizerSlots.Snapshot(parameters);
        var slots = new Dictionary<string, Matrix<T>>();
        _slot = OptimizerSlots.Add(_parameters, slotName, slots);
        Slots = OptimizerSlots.Freeze(slots);
        _operatorFor = operatorFor;
    }

    public int Steps
    {
        get;
        set => field = OptimizerSlots.CheckSteps(value);
    }

    public IReadOnlyDictionary<string, Matrix<T>> Slots { get; }

    public void Update(double learningRate)
    {
        TOp op = _operatorFor(learningRate);
        for (int i = 0; i < _parameters.Length; i++)
            OptimizerKernels.Update(_parameters[i].Gradient.Span, _slot[i].Span, _parameters[i].Value.Span, op);
        Steps++;
    }
}
