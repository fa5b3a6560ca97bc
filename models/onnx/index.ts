// ONNX export: a protobuf writer and the graphs of the models Edgewise trains.
export { Writer, encodeModel, floatTensor, DataType, IR_VERSION, OPSET, ML_OPSET } from './proto.ts';
export { INPUT_NAME, propensityGraph, tLearnerGraph, classTransformGraph, pooledGraph } from './graphs.ts';
export type { AttributeValue, GraphSpec, NodeSpec } from './proto.ts';
export type { GraphOptions, Learned, Linear, MultiLinear } from './graphs.ts';
