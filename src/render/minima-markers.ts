/**
 * The markers over a landscape's known minima: a downward arrow (tip on the minimum, shaft straight
 * up, readable from any side) and a ring, gold for a global minimum, pale for a local one.
 * Instanced; each marker is placed on the GPU by the view's height mapping, so it follows the log
 * height switch like the surface.
 */
import { mix, positionLocal, storage, vec3, vertexStage } from 'three/tsl';
import {
  ConeGeometry,
  CylinderGeometry,
  Group,
  InstancedBufferAttribute,
  Mesh,
  MeshStandardNodeMaterial,
  TorusGeometry,
} from 'three/webgpu';
import type { Landscape } from '../core/landscape.ts';
import type { HeightNodes } from './height-mapping.ts';
import { GLOBAL_MINIMUM_COLOR, LOCAL_MINIMUM_COLOR } from './palette.ts';
import { rgb } from './view-nodes.ts';

/** World height of a marker above its minimum (the framing keeps room for it). */
export const MARKER_HEIGHT = 0.9;

/** A downward arrow over every known minimum and a ring around it; gold for global minima. */
export function buildMinimaMarkers(minima: Landscape['minima'], h: HeightNodes): Group {
  const group = new Group();
  group.name = 'minima';
  const count = minima.length;
  if (count === 0) return group;
  const data = new Float32Array(count * 4);
  minima.forEach((m, i) => {
    data.set([m.x, m.y, m.value, m.global ? 1 : 0], i * 4);
  });
  const instances = new InstancedBufferAttribute(data, 4);

  const makeMaterial = (): MeshStandardNodeMaterial => {
    const minimum = storage(instances, 'vec4', count).toAttribute();
    const material = new MeshStandardNodeMaterial({ roughness: 0.35, metalness: 0.1 });
    const base = vertexStage(mix(rgb(LOCAL_MINIMUM_COLOR), rgb(GLOBAL_MINIMUM_COLOR), minimum.w));
    material.positionNode = positionLocal.add(
      vec3(h.worldX(minimum.x), h.height(minimum.z), h.worldZ(minimum.y)),
    );
    material.colorNode = base;
    material.emissiveNode = base.mul(0.35);
    return material;
  };

  // Tip on the minimum, shaft straight up: readable from any side, even down a narrow funnel.
  const head = new ConeGeometry(0.085, 0.24, 20);
  head.rotateX(Math.PI);
  head.translate(0, 0.12 + 0.02, 0);
  const headMesh = new Mesh(head, makeMaterial());
  headMesh.name = 'minimum arrow heads';
  headMesh.count = count;

  const shaft = new CylinderGeometry(0.014, 0.014, MARKER_HEIGHT - 0.2, 8);
  shaft.translate(0, 0.2 + (MARKER_HEIGHT - 0.2) / 2, 0);
  const shaftMesh = new Mesh(shaft, makeMaterial());
  shaftMesh.name = 'minimum arrow shafts';
  shaftMesh.count = count;

  const ring = new TorusGeometry(0.17, 0.02, 10, 40);
  ring.rotateX(Math.PI / 2);
  ring.translate(0, 0.03, 0);
  const ringMesh = new Mesh(ring, makeMaterial());
  ringMesh.name = 'minimum rings';
  ringMesh.count = count;

  for (const mesh of [headMesh, shaftMesh, ringMesh]) {
    // The instance data rides along on each geometry so disposing them frees its buffer too.
    mesh.geometry.setAttribute('minimumData', instances);
    mesh.frustumCulled = false;
    group.add(mesh);
  }
  return group;
}
