import 'reflect-metadata';

const LABELS = Symbol('field-labels');

/** The Chinese name of a DTO field, used in validation messages shown to the user. */
export function FieldLabel(label: string): PropertyDecorator {
  return (target, key) => {
    const labels: Record<string, string> = Reflect.getOwnMetadata(LABELS, target.constructor) ?? { ...(Reflect.getMetadata(LABELS, target.constructor) ?? {}) };
    labels[String(key)] = label;
    Reflect.defineMetadata(LABELS, labels, target.constructor);
  };
}

export function fieldLabel(target: object | undefined, key: string): string | undefined {
  if (!target) return undefined;
  const labels: Record<string, string> | undefined = Reflect.getMetadata(LABELS, (target as object).constructor);
  return labels?.[key];
}
